"""facilitator: the registration desk and mentoring notes of an OTOP/KBO workshop."""

__version__ = "0.1.0"

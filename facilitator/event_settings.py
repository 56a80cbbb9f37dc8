"""The office's paperwork settings of one event: who organises, who signs, what is paid, who qualifies.

Why they live in the event record (`Event.settings`) and not in a file beside the database: the
payment evidence, the certificates and the sign-in sheet printed at any desk must name the same
office, the same payer and the same rates, and the event record is what every desk already
syncs. A setting is typed once, as text (`office="…"`, `payer="ชื่อ|ตำแหน่ง"`,
`travel=300/day`), by either face, and read back as the typed `PaperworkSettings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from facilitator.errors import UserError
from facilitator.i18n import LANGUAGES, language, text_in
from facilitator.models import EVENT_TABLE, Event, Role
from facilitator.records import Records
from facilitator.user_dates import around_event, read_date

__all__ = [
    "MAX_SIGNERS",
    "PAY_KINDS",
    "SETTING_KEYS",
    "AttendanceRule",
    "EventSettings",
    "PaperworkSettings",
    "PayRule",
    "Rate",
    "SettingsError",
    "Signer",
]

PAY_KINDS = ("meals", "lodging", "travel")
"""What a training budget pays a participant, in the order of the Finance Ministry's form."""
MAX_SIGNERS = 3
PER_DAY = "/day"
THAI_PER_DAY = "/วัน"
DAY_RULES = ("any", "all")


class SettingsError(UserError, ValueError):
    """A setting typed in a form the event cannot take."""


@dataclass(frozen=True)
class Rate:
    """One amount of one kind for one role: per day attended, or once (flat)."""

    amount: Decimal
    per_day: bool = False

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "300/day" (also "300/วัน", "300 per day") or "500" (flat)."""
        cleaned = text.strip().replace(",", "").replace(" ", "")
        per_day = False
        for suffix in (PER_DAY, THAI_PER_DAY, "perday", "/d"):
            if cleaned.lower().endswith(suffix):
                cleaned, per_day = cleaned[: -len(suffix)], True
                break
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise SettingsError("paperwork.error.rate", text=text) from None
        if not amount.is_finite() or amount < 0:
            raise SettingsError("paperwork.error.rate", text=text)
        return cls(amount, per_day)

    def text(self) -> str:
        """As typed back: "300/day", "500"."""
        number = format(self.amount.normalize(), "f")
        return f"{number}{PER_DAY if self.per_day else ''}"

    def shown(self) -> str:
        """As a field of the interface shows it: "300/วัน" on a Thai desk (`parse` reads
        both back), "300/day" on an English one."""
        if self.per_day and language() == "th":
            return f"{format(self.amount.normalize(), 'f')}{THAI_PER_DAY}"
        return self.text()

    def for_days(self, days: int) -> Decimal:
        """What the rate pays for `days` counted days (a flat rate pays once, for one or more)."""
        if days <= 0:
            return Decimal(0)
        return self.amount * days if self.per_day else self.amount


@dataclass(frozen=True)
class Signer:
    """A person who signs a document: name, position, an optional picture of the signature."""

    name: str
    position: str = ""
    signature: str = ""  # path of an image file, as the user gave it

    @classmethod
    def parse(cls, text: str) -> Signer | None:
        """ "นายสมชาย ใจดี|พัฒนาการจังหวัดมุกดาหาร|sign.png"; empty text: nobody."""
        parts = [p.strip() for p in text.split("|")]
        if not parts[0]:
            return None
        if len(parts) > 3:
            raise SettingsError("paperwork.error.signer", text=text)
        return cls(*parts)  # type: ignore[arg-type]

    def text(self) -> str:
        """As typed back: "name|position|image", without empty trailing parts."""
        return _signer_text(self)

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "position": self.position, "signature": self.signature}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Signer | None:
        if not d or not d.get("name"):
            return None
        return cls(str(d["name"]), str(d.get("position", "")), str(d.get("signature", "")))


@dataclass(frozen=True)
class AttendanceRule:
    """Who qualifies (for a certificate): all sessions, or at least `percent` of them."""

    percent: int = 100

    @classmethod
    def parse(cls, text: str) -> AttendanceRule:
        """ "all", "80%", "80", or the rule as `label` writes it in either language."""
        cleaned = text.strip().lower().removesuffix("%").strip()
        if cleaned in ("all", "ทั้งหมด", "ครบ"):
            return cls(100)
        for lang in LANGUAGES:
            if text.strip() == cls(100).label(lang):
                return cls(100)
            digits = "".join(ch for ch in text if ch.isdigit())
            if digits and 1 <= int(digits) <= 100 and text.strip() == cls(int(digits)).label(lang):
                return cls(int(digits))
        try:
            percent = int(cleaned)
        except ValueError:
            raise SettingsError("paperwork.error.rule", text=text) from None
        if not 1 <= percent <= 100:
            raise SettingsError("paperwork.error.rule", text=text)
        return cls(percent)

    def met(self, attended: int, total: int) -> bool:
        """Whether `attended` of `total` sessions meets the rule (100 %: every one)."""
        if total <= 0:
            return False
        return attended * 100 >= self.percent * total and attended > 0

    def needed(self, total: int) -> int:
        """The fewest sessions of `total` that meet the rule."""
        return max(1, -(-self.percent * total // 100))

    def text(self) -> str:
        """As the command line takes it: "all" or "80%"."""
        return "all" if self.percent == 100 else f"{self.percent}%"

    def label(self, lang: str | None = None) -> str:
        """In words, as a person reads it: "ครบทุกช่วง", "อย่างน้อยร้อยละ 80 ของช่วงทั้งหมด"."""
        if self.percent == 100:
            return text_in(lang or language(), "paperwork.rule.all")
        return text_in(lang or language(), "paperwork.rule.percent", percent=self.percent)


@dataclass(frozen=True)
class PayRule:
    """Which days are paid: a day counts when the person was checked in for any (or all) of
    its sessions; someone with fewer than `min_days` counted days is not paid at all."""

    day: str = "any"
    min_days: int = 1

    @staticmethod
    def parse_day(text: str) -> str:
        """ "any" or "all" from the word the command line takes or its label in either language."""
        day = text.strip().lower() or "any"
        for word in DAY_RULES:
            if text.strip() in (day_label(word, lang) for lang in LANGUAGES):
                return word
        if day not in DAY_RULES:
            raise SettingsError("paperwork.error.pay_days", text=text)
        return day

    def counts(self, attended: int, sessions: int) -> bool:
        """Whether a day with `attended` of its `sessions` counts."""
        if sessions <= 0 or attended <= 0:
            return False
        return attended >= sessions if self.day == "all" else True


@dataclass(frozen=True)
class PaperworkSettings:
    """The typed view of `Event.settings`; every field has a usable default."""

    office: str = ""
    logo: str = ""
    payer: Signer | None = None
    certifier: Signer | None = None
    signers: tuple[Signer, ...] = ()
    rates: Mapping[str, Mapping[str, Rate]] = field(default_factory=dict)
    pay_rule: PayRule = PayRule()
    certificate_rule: AttendanceRule = AttendanceRule()
    certificate_date: date | None = None

    def rate(self, role: str, kind: str) -> Rate | None:
        return self.rates.get(role, {}).get(kind)

    def paid_roles(self) -> list[str]:
        """Roles with any amount above zero, in the usual order."""
        return [
            r.value
            for r in Role
            if any(rate.amount > 0 for rate in self.rates.get(r.value, {}).values())
        ]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PaperworkSettings:
        rates = {
            role: {
                kind: Rate(Decimal(str(v.get("amount", "0"))), bool(v.get("per_day")))
                for kind, v in (kinds or {}).items()
                if kind in PAY_KINDS
            }
            for role, kinds in (d.get("rates") or {}).items()
        }
        pay = d.get("pay_rule") or {}
        day_text = d.get("certificate_date") or ""
        return cls(
            office=str(d.get("office", "")),
            logo=str(d.get("logo", "")),
            payer=Signer.from_dict(d.get("payer")),
            certifier=Signer.from_dict(d.get("certifier")),
            signers=tuple(s for s in (Signer.from_dict(x) for x in d.get("signers") or []) if s)[
                :MAX_SIGNERS
            ],
            rates=rates,
            pay_rule=PayRule(
                pay.get("day", "any") if pay.get("day") in DAY_RULES else "any",
                max(1, int(pay.get("min_days", 1) or 1)),
            ),
            certificate_rule=AttendanceRule(int(d.get("certificate_rule", 100) or 100)),
            certificate_date=date.fromisoformat(day_text) if day_text else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "office": self.office,
            "logo": self.logo,
            "payer": self.payer.to_dict() if self.payer else None,
            "certifier": self.certifier.to_dict() if self.certifier else None,
            "signers": [s.to_dict() for s in self.signers],
            "rates": {
                role: {
                    kind: {"amount": str(rate.amount), "per_day": rate.per_day}
                    for kind, rate in kinds.items()
                }
                for role, kinds in self.rates.items()
            },
            "pay_rule": {"day": self.pay_rule.day, "min_days": self.pay_rule.min_days},
            "certificate_rule": self.certificate_rule.percent,
            "certificate_date": self.certificate_date.isoformat() if self.certificate_date else "",
        }

    def described(self) -> dict[str, str]:
        """Each setting as `event set` takes it back (for `event settings` and the dialog)."""
        out = {
            "office": self.office,
            "logo": self.logo,
            "payer": _signer_text(self.payer),
            "certifier": _signer_text(self.certifier),
        }
        for n in range(1, MAX_SIGNERS + 1):
            out[f"signer{n}"] = _signer_text(
                self.signers[n - 1] if n <= len(self.signers) else None
            )
        out["pay_days"] = self.pay_rule.day
        out["pay_min_days"] = str(self.pay_rule.min_days)
        out["certificate_rule"] = self.certificate_rule.text()
        out["certificate_date"] = self.certificate_date.isoformat() if self.certificate_date else ""
        return out

    def shown(self) -> dict[str, str]:
        """`described`, with the rules in words (the settings dialog): each still reads back."""
        out = self.described()
        out["pay_days"] = day_label(self.pay_rule.day)
        out["certificate_rule"] = self.certificate_rule.label()
        return out

    def meanings(self) -> dict[str, str]:
        """What the rules' command-line words mean, for `event settings` to print beside them."""
        return {
            "pay_days": day_label(self.pay_rule.day),
            "certificate_rule": self.certificate_rule.label(),
        }


def day_label(day: str, lang: str | None = None) -> str:
    """Which days are paid, in words: "any" is วันที่มาอย่างน้อยหนึ่งช่วง (a day counts when the
    person came to any session of it), "all" ครบทุกช่วงของวัน (every session of the day)."""
    return text_in(lang or language(), _DAY_LABELS[day])


_DAY_LABELS = {"any": "paperwork.pay_days.any", "all": "paperwork.pay_days.all"}


def _signer_text(signer: Signer | None) -> str:
    if signer is None:
        return ""
    parts = [signer.name, signer.position, signer.signature]
    while parts and not parts[-1]:
        parts.pop()
    return "|".join(parts)


SETTING_KEYS = (
    "office",
    "logo",
    "payer",
    "certifier",
    *(f"signer{n}" for n in range(1, MAX_SIGNERS + 1)),
    "pay_days",
    "pay_min_days",
    "certificate_rule",
    "certificate_date",
)
"""What `event set KEY=VALUE` takes; an empty value puts a setting back to its default."""


def parse_assignments(items: list[str]) -> dict[str, str]:
    """["office=สำนักงาน…", "payer=ชื่อ|ตำแหน่ง"] → {key: text}; refuses a missing "="."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SettingsError("paperwork.error.assignment", text=item)
        out[key.strip().lower()] = value.strip()
    return out


class EventSettings:
    """Reads and changes the paperwork settings held in the event record."""

    def __init__(self, records: Records, current: Any) -> None:
        self._records = records
        self._current = current  # () -> Event, the event as the database has it now

    @property
    def current(self) -> PaperworkSettings:
        return PaperworkSettings.from_dict(self._event().settings)

    def _event(self) -> Event:
        event: Event = self._current()
        return event

    def _write(self, settings: PaperworkSettings) -> PaperworkSettings:
        event = self._event()
        fields = event.to_fields()
        fields["settings"] = settings.to_dict()
        self._records.put(EVENT_TABLE, fields, event.id)
        return settings

    def update(
        self, assignments: Mapping[str, str], today: date | None = None
    ) -> PaperworkSettings:
        """Apply `key=value` settings (see SETTING_KEYS), all or none."""
        settings = self.current
        signers: list[Signer | None] = [
            settings.signers[n] if n < len(settings.signers) else None for n in range(MAX_SIGNERS)
        ]
        changes: dict[str, Any] = {}
        pay = settings.pay_rule
        for key, value in assignments.items():
            if key in ("office", "logo"):
                changes[key] = value
            elif key in ("payer", "certifier"):
                changes[key] = Signer.parse(value)
            elif (
                key.startswith("signer") and key[6:].isdigit() and 1 <= int(key[6:]) <= MAX_SIGNERS
            ):
                signers[int(key[6:]) - 1] = Signer.parse(value)
            elif key == "pay_days":
                pay = replace(pay, day=PayRule.parse_day(value))
            elif key == "pay_min_days":
                if value and (not value.isdigit() or int(value) < 1):
                    raise SettingsError("paperwork.error.min_days", text=value)
                pay = replace(pay, min_days=int(value or 1))
            elif key == "certificate_rule":
                changes[key] = AttendanceRule.parse(value or "all")
            elif key == "certificate_date":
                event = self._event()
                changes[key] = (
                    read_date(
                        value,
                        today or (event.days[-1] if event.days else date.today()),
                        around_event(event.days),
                        what="certificate_date",
                    )
                    if value
                    else None
                )
            else:
                raise SettingsError(
                    "paperwork.error.unknown_setting", setting=key, keys=", ".join(SETTING_KEYS)
                )
        updated = replace(
            settings,
            **changes,
            signers=tuple(s for s in signers if s is not None),
            pay_rule=pay,
        )
        return self._write(updated)

    def set_rates(self, role: str, assignments: Mapping[str, str]) -> PaperworkSettings:
        """Rates of one role: {"travel": "300/day", "meals": "0"}; an empty text removes one."""
        if role not in {r.value for r in Role}:
            raise SettingsError(
                "paperwork.error.role", role=role, roles=", ".join(r.value for r in Role)
            )
        settings = self.current
        kinds = dict(settings.rates.get(role, {}))
        for kind, text in assignments.items():
            if kind not in PAY_KINDS:
                raise SettingsError("paperwork.error.kind", kind=kind, kinds=", ".join(PAY_KINDS))
            if text.strip():
                kinds[kind] = Rate.parse(text)
            else:
                kinds.pop(kind, None)
        rates = {r: dict(k) for r, k in settings.rates.items()}
        if kinds:
            rates[role] = kinds
        else:
            rates.pop(role, None)
        return self._write(replace(settings, rates=rates))

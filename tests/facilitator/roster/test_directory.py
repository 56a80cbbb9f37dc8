"""Finding people at the desk: by name without the title, nickname, product, phone digits."""

from __future__ import annotations

import pytest

from facilitator.desk import Desk
from facilitator.models import Role
from facilitator.roster.directory import ParticipantError

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English texts


def test_search_finds_a_first_name_without_the_title(demo_desk: Desk) -> None:
    person = demo_desk.participants.add(
        title="นาย",
        first_name="บุญเรือง",
        last_name="ทองคำ",
        role=Role.MENTOR.value,
        phone="081-234-5678",
    )
    assert demo_desk.participants.search("บุญเรือง")[0].id == person.id
    assert demo_desk.participants.search("นายบุญเรือง")[0].id == person.id
    assert demo_desk.participants.search("บุญ ทอง")[0].id == person.id


def test_the_last_four_phone_digits_find_a_person(demo_desk: Desk) -> None:
    person = demo_desk.participants.add(first_name="สมใจ", last_name="ดีงาม", phone="089-111-4321")
    assert [p.id for p in demo_desk.participants.search("4321")] == [person.id]


def test_search_by_product_and_nickname(demo_desk: Desk) -> None:
    person = demo_desk.participants.add(
        first_name="อรุณี", last_name="ใจดี", nickname="ปุ๊กกี้", product="น้ำพริกเผาหมูสับ"
    )
    assert person.id in [p.id for p in demo_desk.participants.search("ปุ๊กกี้")]
    assert person.id in [p.id for p in demo_desk.participants.search("น้ำพริกเผา")]


def test_latin_search_is_case_insensitive(demo_desk: Desk) -> None:
    person = demo_desk.participants.add(
        title="Dr.", first_name="Anna", last_name="Berg", role=Role.LECTURER.value
    )
    assert demo_desk.participants.search("anna")[0].id == person.id
    assert person.display_name == "Dr. Anna Berg"


def test_changes_are_kept_after_the_database_is_reopened(demo_desk: Desk, tmp_path) -> None:
    person = demo_desk.participants.all()[0]
    demo_desk.participants.update(person.id, phone="082-000-1111")
    demo_desk.close()
    again = Desk.open(tmp_path / "event.json")
    try:
        assert again.participants.get(person.id).phone == "082-000-1111"
    finally:
        again.close()


def test_a_nameless_person_or_an_unknown_role_is_refused(demo_desk: Desk) -> None:
    with pytest.raises(ParticipantError, match="first name"):
        demo_desk.participants.add(first_name=" ")
    with pytest.raises(ParticipantError, match="unknown role"):
        demo_desk.participants.add(first_name="ก", role="boss")


def test_removing_leaves_a_tombstone_that_other_desks_can_learn(demo_desk: Desk) -> None:
    person = demo_desk.participants.all()[0]
    demo_desk.participants.remove(person.id)
    assert demo_desk.participants.get(person.id) is None
    assert demo_desk.store.get("participants", person.id)["deleted"] is True


def test_the_demo_event_has_the_real_events_make_up(demo_desk: Desk) -> None:
    people = demo_desk.participants.all()
    roles = [p.role for p in people]
    assert len(people) == 50
    assert roles.count("producer") == 20 and roles.count("mentor") == 20
    producers = [p for p in people if p.role == "producer"]
    assert all(p.star_level in (1, 2, 3) and p.product and p.district for p in producers)
    assert len({(p.first_name, p.last_name) for p in people}) == 50

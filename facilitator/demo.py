"""A demo event shaped like the real one: 50 fictional people, two days starting today.

The make-up follows the Mukdahan KBO workshop: 20 OTOP producers of Group D (products rated
1 to 3 stars), 20 KBO mentors who coach them, and 10 officials and lecturers. Every name is
made up from common Thai given names and surnames; none is a real person's.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from facilitator.event import EventService
from facilitator.mentoring.service import MentoringService
from facilitator.models import Event, Participant, Role
from facilitator.roster.directory import ParticipantDirectory

DEMO_EVENT_NAME = "โครงการพัฒนาผลิตภัณฑ์ OTOP โดยเครือข่ายองค์ความรู้ (KBO) จังหวัดมุกดาหาร"
DEMO_VENUE = "ห้องประชุมกระดุมเงินกระดุมทอง ชั้น 2 โรงแรมในอำเภอเมืองมุกดาหาร"
DISTRICTS = ["เมืองมุกดาหาร", "นิคมคำสร้อย", "ดอนตาล", "ดงหลวง", "คำชะอี", "หว้านใหญ่", "หนองสูง"]

FEMALE_FIRST = [
    "ปิ่นฟ้า",
    "ศรีสุดา",
    "บัวผัน",
    "อุไรวรรณ",
    "สุภาพร",
    "วิไลวรรณ",
    "ยุพิน",
    "จันทร์เพ็ญ",
    "เพ็ญศรี",
    "อ้อยทิพย์",
    "ผ่องศรี",
    "นิตยา",
    "รัตนา",
    "ศิริพร",
    "มาลัย",
    "คำปุ่น",
    "ทองใบ",
    "พิไลพร",
    "กาญจนา",
    "สร้อยทิพย์",
]
MALE_FIRST = [
    "สมศักดิ์",
    "ประยูร",
    "สมหมาย",
    "ธนพล",
    "กิตติศักดิ์",
    "วีระพงษ์",
    "ณัฐวุฒิ",
    "สุริยา",
    "ชัยวัฒน์",
    "อนุชา",
    "พงษ์ศักดิ์",
    "ไพรวัลย์",
    "บุญส่ง",
    "คำพันธ์",
    "ทวีศักดิ์",
    "เกรียงไกร",
    "ยิ่งยศ",
    "ศุภชัย",
    "วุฒิชัย",
    "สุพจน์",
]
LAST_NAMES = [
    "ฝั่งน้ำ",
    "ยิ่งเจริญ",
    "ศรีสุข",
    "พรหมวงศ์",
    "คำแสน",
    "ไชยมงคล",
    "ภูมิพันธ์",
    "แสนสุข",
    "บุญมา",
    "ทองดี",
    "วงศ์ษา",
    "จันทร์หอม",
    "รุ่งเรืองศรี",
    "มณีวงศ์",
    "พิมพ์ทอง",
    "ก้อนคำ",
    "ผาสุข",
    "อุ่นเรือน",
    "ศักดิ์ดี",
    "ชื่นใจ",
    "หอมจันทร์",
    "ปิ่นทอง",
    "สุขเกษม",
    "ดวงแก้ว",
]
NICKNAMES = ["แดง", "น้อย", "ต้อย", "อ้อ", "เล็ก", "ปุ๊", "ตุ๋ย", "แอ๊ด", "หน่อง", "ก้อย", ""]

PRODUCTS: list[tuple[str, str, str]] = [
    ("ผ้าไหมมัดหมี่ลายขอ", "ผ้าและเครื่องแต่งกาย", "กลุ่มทอผ้าไหมบ้านโนนสังข์"),
    ("ผ้าฝ้ายย้อมคราม", "ผ้าและเครื่องแต่งกาย", "กลุ่มย้อมครามบ้านนาหว้า"),
    ("ผ้าภูไทแพรวา", "ผ้าและเครื่องแต่งกาย", "กลุ่มสตรีภูไทบ้านคำพอก"),
    ("ข้าวฮางงอก", "อาหาร", "วิสาหกิจชุมชนข้าวฮางบ้านหนองแวง"),
    ("กล้วยตากอบน้ำผึ้ง", "อาหาร", "กลุ่มแม่บ้านเกษตรกรบ้านดงเย็น"),
    ("น้ำพริกปลาร้าบอง", "อาหาร", "กลุ่มแปรรูปอาหารบ้านป่งขาม"),
    ("ปลาส้มปลาตะเพียน", "อาหาร", "กลุ่มประมงริมโขงบ้านหว้านใหญ่"),
    ("ข้าวเกรียบฟักทอง", "อาหาร", "กลุ่มแม่บ้านบ้านโคกสว่าง"),
    ("ชาใบหม่อน", "เครื่องดื่ม", "กลุ่มชาสมุนไพรบ้านภูผาหอม"),
    ("กาแฟโรบัสต้าคั่วบด", "เครื่องดื่ม", "วิสาหกิจชุมชนกาแฟบ้านดงหลวง"),
    ("น้ำมะเม่าพร้อมดื่ม", "เครื่องดื่ม", "กลุ่มผลไม้พื้นบ้านบ้านนาโด่"),
    ("ตะกร้าจักสานไม้ไผ่", "ของใช้ ของตกแต่ง ของที่ระลึก", "กลุ่มจักสานบ้านคำชะอี"),
    ("ไม้กวาดดอกหญ้า", "ของใช้ ของตกแต่ง ของที่ระลึก", "กลุ่มไม้กวาดบ้านโนนยาง"),
    ("กระเป๋าผ้าทอมือ", "ของใช้ ของตกแต่ง ของที่ระลึก", "กลุ่มตัดเย็บบ้านนิคมคำสร้อย"),
    ("เทียนหอมขี้ผึ้งแท้", "ของใช้ ของตกแต่ง ของที่ระลึก", "กลุ่มหัตถกรรมบ้านหนองสูง"),
    ("สบู่สมุนไพรขมิ้นชัน", "สมุนไพรที่ไม่ใช่อาหาร", "กลุ่มสมุนไพรบ้านป่าไร่"),
    ("ยาหม่องไพล", "สมุนไพรที่ไม่ใช่อาหาร", "กลุ่มหมอพื้นบ้านบ้านห้วยทราย"),
    ("ลูกประคบสมุนไพร", "สมุนไพรที่ไม่ใช่อาหาร", "กลุ่มแพทย์แผนไทยบ้านดอนตาล"),
    ("แชมพูมะกรูดอัญชัน", "สมุนไพรที่ไม่ใช่อาหาร", "กลุ่มสมุนไพรบ้านนาสีนวล"),
    ("หมอนอิงผ้าขิด", "ผ้าและเครื่องแต่งกาย", "กลุ่มทอผ้าขิดบ้านเหล่าหมี"),
]
MENTOR_ORGS = [
    "มหาวิทยาลัยราชภัฏ (เครือข่าย KBO)",
    "วิทยาลัยชุมชนมุกดาหาร",
    "สำนักงานสาธารณสุขจังหวัดมุกดาหาร",
    "สำนักงานอุตสาหกรรมจังหวัดมุกดาหาร",
    "สำนักงานพาณิชย์จังหวัดมุกดาหาร",
    "หอการค้าจังหวัดมุกดาหาร",
    "สภาอุตสาหกรรมจังหวัดมุกดาหาร",
    "ผู้เชี่ยวชาญภาคเอกชน",
]
OFFICIAL_ORGS = [
    "สำนักงานพัฒนาชุมชนจังหวัดมุกดาหาร",
    "สำนักงานพัฒนาชุมชนอำเภอเมืองมุกดาหาร",
    "สำนักงานพัฒนาชุมชนอำเภอคำชะอี",
    "สำนักงานพัฒนาชุมชนอำเภอดงหลวง",
]
LECTURER_ORG = "บริษัท ครีเอทีฟ โปรดักต์ แล็บ จำกัด (สมมติ)"


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice('1234569')}-{rng.randint(0, 999):03d}-{rng.randint(0, 9999):04d}"


def demo_people(seed: int = 2564) -> list[Participant]:
    """The 50 fictional participants, in roster order."""
    rng = random.Random(seed)
    used: set[tuple[str, str]] = set()

    def person(role: Role, female: bool, title: str | None = None) -> Participant:
        while True:
            first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
            last = rng.choice(LAST_NAMES)
            if (first, last) not in used:
                used.add((first, last))
                break
        t = title or (rng.choice(["นาง", "นางสาว"]) if female else "นาย")
        return Participant(
            id="",
            title=t,
            first_name=first,
            last_name=last,
            nickname=rng.choice(NICKNAMES),
            role=role.value,
            phone=_phone(rng),
            district=rng.choice(DISTRICTS),
        )

    people: list[Participant] = []
    for product, category, group in PRODUCTS:
        p = person(Role.PRODUCER, female=rng.random() < 0.7)
        p.product, p.product_category, p.organisation = product, category, group
        p.star_level = rng.choice([1, 2, 2, 3, 3])
        p.note = "กลุ่ม D (กลุ่มปรับตัวเพื่อพัฒนา)"
        people.append(p)
    for n in range(20):
        female = rng.random() < 0.5
        title = rng.choice(["ดร.", "ผศ.", "ผศ.ดร.", None, None])
        p = person(Role.MENTOR, female, title)
        p.organisation = MENTOR_ORGS[n % len(MENTOR_ORGS)]
        p.note = "คณะกรรมการเครือข่าย KBO จังหวัด"
        people.append(p)
    for n in range(7):
        p = person(Role.OFFICIAL, female=rng.random() < 0.6)
        p.organisation = OFFICIAL_ORGS[n % len(OFFICIAL_ORGS)]
        people.append(p)
    for _ in range(3):
        p = person(Role.LECTURER, female=rng.random() < 0.5)
        p.organisation = LECTURER_ORG
        people.append(p)
    for order, p in enumerate(people, start=1):
        p.roster_order = order
        p.position = _demo_position(p, order)
    return people


OFFICIAL_POSITIONS = [
    "พัฒนาการจังหวัดมุกดาหาร",
    "นักวิชาการพัฒนาชุมชนชำนาญการ",
    "พัฒนาการอำเภอ",
    "พัฒนากร",
]


def _demo_position(p: Participant, order: int) -> str:
    """ตำแหน่ง as an office writes it, chosen by place (no random draw: the names stay put)."""
    if p.role == Role.PRODUCER.value:
        return "ประธานกลุ่ม" if order % 2 else "สมาชิกกลุ่ม"
    if p.role == Role.MENTOR.value:
        return "กรรมการ KBO" if order % 3 else "ที่ปรึกษา KBO"
    if p.role == Role.OFFICIAL.value:
        return OFFICIAL_POSITIONS[order % len(OFFICIAL_POSITIONS)]
    return "วิทยากร" if p.role == Role.LECTURER.value else ""


def create_demo_event(
    events: EventService,
    roster: ParticipantDirectory,
    mentoring: MentoringService,
    first_day: date,
) -> Event:
    """Write the demo event, its roster and its first morning's mentoring into an empty database."""
    event = events.create(
        DEMO_EVENT_NAME,
        DEMO_VENUE,
        [first_day, first_day + timedelta(days=1)],
        targets={Role.PRODUCER.value: 20, Role.MENTOR.value: 20},
    )
    roster.apply_batch(demo_people(), [])
    add_demo_mentoring(roster, mentoring, first_day)
    return event


# Finished mentoring sessions of the first day: (product of the producer, mentor's place in the
# mentor list, start, minutes, topics, standards, problems, advice, notes, target stars,
# actions as (text, owner: "producer" / "mentor" / free text, due in days)).
DEMO_MENTORING: list[tuple[Any, ...]] = [
    (
        "ผ้าไหมมัดหมี่ลายขอ",
        0,
        time(9, 15),
        35,
        ["packaging", "branding"],
        [],
        "ผ้าไหมพับใส่ถุงพลาสติกใส ไม่มีป้ายบอกชนิดเส้นไหมและวิธีดูแล\n"
        "ลูกค้านักท่องเที่ยวถามเรื่องของฝาก แต่กล่องเดิมใหญ่ พกพายาก",
        "ทำกล่องกระดาษคราฟต์ขนาดพอดีผ้า 1 ผืน พร้อมหน้าต่างให้เห็นลาย\n"
        "ใส่ป้ายห้อย: ชื่อลาย ลายขอ เรื่องเล่าของกลุ่ม และวิธีซักรีด\n"
        "ใช้สีครามและทองเป็นสีประจำแบรนด์ให้เหมือนกันทุกชิ้น",
        "ผู้ประกอบการสนใจเข้าร่วมงานแสดงสินค้า OTOP ระดับภาค",
        4,
        [
            ("ออกแบบกล่องต้นแบบ 2 ขนาด ส่งให้กรรมการดู", "producer", 14),
            ("แนะนำโรงพิมพ์กล่องในจังหวัดที่รับงานจำนวนน้อย", "mentor", 7),
        ],
    ),
    (
        "น้ำพริกปลาร้าบอง",
        2,
        time(10, 0),
        40,
        ["standards", "product_quality"],
        ["อย."],
        "ยังไม่มีเลขสารบบอาหาร (อย.) จึงวางขายในห้างและร้านของฝากไม่ได้\n"
        "สถานที่ผลิตใช้ครัวในบ้าน ยังไม่แยกพื้นที่ผลิตกับที่อยู่อาศัย",
        "ยื่นขอ สบ.1 กับสำนักงานสาธารณสุขจังหวัด เริ่มจากปรับสถานที่ผลิตตามหลักเกณฑ์ GMP สุขลักษณะพื้นฐาน\n"
        "ส่งตัวอย่างตรวจวิเคราะห์ค่า aw และจุลินทรีย์ก่อนยื่น\n"
        "ฉลากต้องมีส่วนประกอบ วันผลิต/วันหมดอายุ และน้ำหนักสุทธิ",
        "นัดเจ้าหน้าที่ สสจ. มาดูสถานที่ผลิตหลังปรับปรุง",
        3,
        [
            ("แยกห้องผลิต ติดมุ้งลวด และทำอ่างล้างมือ", "producer", 30),
            ("ส่งตัวอย่างน้ำพริกตรวจที่ศูนย์วิทยาศาสตร์การแพทย์", "producer", 21),
            ("ประสานเจ้าหน้าที่ สสจ. นัดตรวจสถานที่", "สำนักงานสาธารณสุขจังหวัดมุกดาหาร", 30),
        ],
    ),
    (
        "กาแฟโรบัสต้าคั่วบด",
        4,
        time(11, 0),
        30,
        ["pricing", "finance"],
        [],
        "ตั้งราคาตามร้านข้างเคียง ไม่ได้คิดต้นทุนค่าแรงและค่าบรรจุภัณฑ์\nขายส่งกับขายปลีกราคาเท่ากัน",
        "คิดต้นทุนต่อถุง 250 กรัม: เมล็ด ค่าคั่ว ถุงวาล์ว ฉลาก ค่าแรง แล้วบวกกำไรอย่างน้อย 30%\n"
        "แยกราคาขายส่ง (ลด 15-20%) กับราคาปลีก\n"
        "ทำบัญชีรับ-จ่ายรายวันในสมุดหรือแอปบนมือถือ",
        "",
        3,
        [("ทำตารางต้นทุนต่อถุงให้ครบทุกขนาด", "producer", 7)],
    ),
    (
        "กระเป๋าผ้าทอมือ",
        6,
        time(13, 15),
        40,
        ["marketing_online", "branding"],
        [],
        "ขายเฉพาะหน้าร้านในชุมชนและงานแสดงสินค้า ยอดขายขึ้นลงตามงาน\n"
        "มีเพจ Facebook แต่โพสต์ไม่สม่ำเสมอ รูปสินค้ามืด",
        "เปิด LINE Official Account ให้ลูกค้าเก่าสั่งซ้ำได้\n"
        "ลงร้านใน Shopee: ถ่ายรูปพื้นหลังขาว 5 มุม บอกขนาดและวัสดุให้ครบ\n"
        "โพสต์ Facebook สัปดาห์ละ 3 ครั้ง เล่าเรื่องคนทอและลายผ้า",
        "ลูกสาวผู้ประกอบการช่วยดูแลช่องทางออนไลน์ได้",
        3,
        [
            ("เปิดร้าน Shopee และลงสินค้า 10 รายการแรก", "producer", 14),
            ("สอนถ่ายรูปสินค้าด้วยมือถือ (นัดที่กลุ่ม)", "mentor", 10),
        ],
    ),
    (
        "สบู่สมุนไพรขมิ้นชัน",
        8,
        time(14, 5),
        30,
        ["standards", "production"],
        ["มผช."],
        "ต้องการยื่นขอมาตรฐานผลิตภัณฑ์ชุมชน (มผช.) แต่สูตรยังไม่คงที่ สีและกลิ่นต่างกันแต่ละรุ่น\nยังไม่จดแจ้งเครื่องสำอาง",
        "บันทึกสูตรและขั้นตอนผลิตเป็นเอกสาร ชั่งน้ำหนักทุกส่วนผสม\n"
        "จดแจ้งเครื่องสำอางกับ อย. ก่อน แล้วยื่น มผช. สบู่สมุนไพรกับสำนักงานอุตสาหกรรมจังหวัด",
        "",
        3,
        [("เขียนสูตรมาตรฐานและบันทึกการผลิตทุกรุ่น", "producer", 14)],
    ),
]


def add_demo_mentoring(roster: ParticipantDirectory, mentoring: MentoringService, day: date) -> int:
    """Write the demo's finished mentoring sessions, notes and actions; returns how many."""
    people = roster.all()
    producers = {p.product: p for p in people if p.role == Role.PRODUCER.value}
    mentors = [p for p in people if p.role == Role.MENTOR.value]
    when = day
    written = 0
    for (
        product,
        mentor_no,
        start,
        minutes,
        topics,
        standards,
        *texts,
        stars,
        actions,
    ) in DEMO_MENTORING:
        producer = producers.get(product)
        if producer is None or not mentors:
            continue
        mentor = mentors[mentor_no % len(mentors)]
        began = datetime.combine(when, start)
        ended = began + timedelta(minutes=minutes)
        session = mentoring.start_session([producer.id], [mentor.id], topics, began, standards)
        for n, (field_name, text) in enumerate(
            zip(("problems", "advice", "notes"), texts, strict=True)
        ):
            mentoring.save_note(
                session.id, field_name, text, now=began + timedelta(minutes=5 + 10 * n)
            )
        mentoring.update_session(
            session.id, target_stars=stars, follow_up=when + timedelta(days=30)
        )
        for text, owner, due_in in actions:
            who = {"producer": producer.id, "mentor": mentor.id}.get(owner, owner)
            mentoring.add_action(session.id, text, who, when + timedelta(days=due_in), now=ended)
        mentoring.end_session(session.id, ended)
        written += 1
    return written

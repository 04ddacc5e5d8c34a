"""What the import's steps pass to each other: a file read as text, its header mapping, the checked rows
with their problems and repairs, and the import's summary. No logic here but small properties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from services.core.errors import Message
from services.core.i18n import N_
from services.registration.forms import RegistrationDraft

# progress(done, total): long work reports how far it is (pages draw a bar; the CLI prints nothing)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportField:
    name: str  # the field's name (RegistrationForm's where it has one)
    header: str  # the template's Chinese header (also the key the loose matching starts from)
    label: str  # message id, for pages in either language
    required: bool = False
    synonyms: tuple[str, ...] = ()  # other headers real lists use


FIELDS: tuple[ImportField, ...] = (
    ImportField("name", "姓名", N_("Name"), True, ("名字", "劳动力姓名", "户主姓名/成员姓名")),
    ImportField("id_number", "身份证号", N_("ID number"), True, ("身份证号码", "公民身份号码", "身份证")),
    ImportField("phone", "手机号", N_("Mobile number"), True, ("联系电话", "手机号码", "电话", "联系方式")),
    ImportField("township", "乡镇", N_("Township"), True, ("乡（镇）", "乡镇（街道）", "镇")),
    ImportField("village", "村", N_("Village"), True, ("村（社区）", "行政村", "村组", "村名")),
    ImportField("household_code", "户编号", N_("Household code"), False, ("户号", "家庭编号", "户主编号")),
    ImportField("relation", "与户主关系", N_("Relation to the head of household"), False, ("关系", "家庭关系")),
    ImportField("household_size", "家庭人口数", N_("Household members"), False, ("家庭人数", "户人口数", "人口数")),
    ImportField("education", "文化程度", N_("Education"), False, ("学历", "受教育程度")),
    ImportField("trades", "技能", N_("Trades and skills"), False, ("技能特长", "掌握技能", "职业技能")),
    ImportField("intention", "就业意向", N_("Where do you want to work?"), False, ("务工意向", "外出意愿")),
    ImportField("expected_wage", "期望月薪", N_("Expected wage"), False, ("期望工资", "月薪要求", "期望薪资")),
    ImportField("leave_constraint", "能否外出", N_("Can you leave home to work?"), False, ("能否离家", "外出情况")),
    ImportField("poor_household", "是否脱贫户", N_("Registered poor household"), False,
                ("脱贫户", "是否贫困户", "建档立卡")),
    ImportField("age", "年龄", N_("Age"), False, ()),
    ImportField("gender", "性别", N_("Gender"), False, ()),
    ImportField("household_income", "家庭年工资性收入", N_("Annual wage income of the household"), False,
                ("家庭年收入", "年工资性收入", "家庭工资性收入", "工资性收入", "家庭年工资收入")),
    ImportField("willing_to_train", "培训意愿", N_("Willing to train"), False,
                ("是否愿意培训", "是否愿意参加培训", "参加培训意愿", "培训需求", "愿意培训", "是否参加培训")),
)
FIELD_BY_NAME: dict[str, ImportField] = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class RawTable:
    """A file read as text, before any check: every cell as the cadre typed it (an ID number never in
    scientific notation, a date as written), with its row number in the file (the header is row 1 in a
    template; the first data row is usually 2)."""

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    row_numbers: list[int]
    file_name: str
    sha256: str  # of the file's bytes
    kind: str  # "xlsx", or the CSV's encoding: "utf-8", "utf-8-sig", "gb18030"


@dataclass(frozen=True)
class HeaderMapping:
    columns: dict[int, str]  # column index -> field name
    unknown: tuple[str, ...] = ()  # headers that match no field: ignored (shown)
    missing: tuple[str, ...] = ()  # required fields with no column: the file cannot be checked

    @property
    def ok(self) -> bool:
        return not self.missing


class ProblemKind(StrEnum):
    BLANK = "blank"  # a required cell is empty
    ID_LENGTH = "id_length"
    ID_BIRTH_DATE = "id_birth_date"  # an impossible birth date in the ID number
    ID_CHECK = "id_check"  # a wrong check character
    ID_OTHER = "id_other"
    UNDER_16 = "under_16"
    AGE_MISMATCH = "age_mismatch"  # the age column contradicts the ID number
    GENDER_MISMATCH = "gender_mismatch"  # the gender column contradicts the ID number
    PHONE = "phone"  # missing or extra digits, not a mobile number
    NAME = "name"
    UNKNOWN_TOWNSHIP = "unknown_township"
    UNKNOWN_VILLAGE = "unknown_village"
    OTHER_TOWNSHIP = "other_township"  # a township staff member's list: a row of another township
    CHOICE = "choice"  # education, trades, intention, … not one of the options
    WAGE = "wage"
    HOUSEHOLD_SIZE = "household_size"  # members disagree on the household's size
    HOUSEHOLD_NO_HEAD = "household_no_head"
    HOUSEHOLD_INCOME = "household_income"  # the household's annual wage income is not a number of yuan
    DUPLICATE_IN_FILE = "duplicate_in_file"  # the same ID number on two rows
    REGISTERED_OTHER_PHONE = "registered_other_phone"  # known ID number, another mobile: needs review (a claim)
    LIKELY_DUPLICATE = "likely_duplicate"  # not the same ID: same village, birth date, name by pinyin (warning)


class RepairKind(StrEnum):
    SPACES = "spaces"  # stray or full-width spaces
    FULL_WIDTH = "full_width"  # full-width digits or letters
    LOWER_X = "lower_x"  # the ID number's x
    PHONE_FORMAT = "phone_format"  # +86, dashes, spaces in a phone
    PLACE_NAME = "place_name"  # a township or village written without its ending: 岩脚 → 岩脚村, 大河 → 大河乡


@dataclass(frozen=True)
class Problem:
    row: int  # the row number in the file
    column: str  # the column's header as in the file
    field: str
    value: str  # as typed
    kind: ProblemKind
    message: Message  # what is wrong, in plain words (a message id, or (id, values))
    expected: Message = ""  # what is expected, e.g. "18 characters: 17 digits, then a digit or X"
    blocking: bool = True  # False: a warning (likely duplicate, already registered) — the row can still be saved


@dataclass(frozen=True)
class Repair:
    row: int
    column: str
    field: str
    before: str
    after: str
    kind: RepairKind


@dataclass(frozen=True)
class HouseholdLine:
    code: str
    relation: str  # as typed, normalized: "户主" marks the head
    size: int | None
    income: int | None = None  # the household's annual wage income (yuan), as the list declares it


@dataclass
class CheckedRow:
    row: int
    raw: dict[str, str]  # field -> the value as typed
    draft: RegistrationDraft | None  # the row as a registration, when nothing blocks it
    household: HouseholdLine | None = None
    problems: list[Problem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    existing_seeker_id: int | None = None  # already registered (same ID number, same mobile): an update

    @property
    def valid(self) -> bool:
        return self.draft is not None and not any(p.blocking for p in self.problems)


@dataclass(frozen=True)
class ColumnProblems:
    column: str
    field: str
    kind: ProblemKind
    count: int
    examples: tuple[Problem, ...]  # the first few


@dataclass
class CheckReport:
    table: RawTable
    mapping: HeaderMapping
    rows: list[CheckedRow]

    @property
    def valid_rows(self) -> list[CheckedRow]:
        return [r for r in self.rows if r.valid]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def repairs(self) -> list[Repair]:
        return [x for r in self.rows for x in r.repairs]


@dataclass(frozen=True)
class ImportSummary:
    batch_id: int
    rows: int
    new: int
    updated: int
    unchanged: int
    left_out: int
    needing_review: int

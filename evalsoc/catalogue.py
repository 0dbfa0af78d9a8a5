"""The one catalogue of user-facing messages (French), each with a stable code.

Codes are grouped by prefix: ``REF`` for référentiel files, ``ANS`` for answer sets,
``GOLD`` for golden examples, ``ENV`` for the environment (the base, paths, what the
command line names), ``DB`` for the store, ``ARCH`` for refusals that had none before
the exception tree of :mod:`evalsoc.errors`. Every code is given somewhere, or marked
``stored_only`` (a test renders every message and looks for its use). A template names
the problem, the rule and the fix; its ``{placeholders}`` are filled by
:func:`evalsoc.issues.make_issue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CATALOGUE", "Code", "Entry"]


class Code(StrEnum):
    # référentiel files
    REF_YAML_SYNTAX = "REF001"
    REF_SCHEMA = "REF002"
    REF_DUPLICATE_ID = "REF003"
    REF_UNKNOWN_SCALE = "REF004"
    REF_UNKNOWN_GROUP = "REF005"
    REF_FORMULA_SYNTAX = "REF006"
    REF_FORMULA_NAME = "REF007"
    REF_FORMULA_NOT_NUMERIC = "REF008"
    REF_BANDS_ORDER = "REF009"
    REF_BANDS_POLARITY = "REF010"
    REF_UNREACHABLE = "REF011"
    REF_UNSCORED_QUESTION = "REF012"
    REF_SCORING_MISMATCH = "REF013"
    REF_LEVELS = "REF014"
    REF_NOT_FOUND = "REF015"
    REF_LOCK_MISMATCH = "REF016"
    REF_FILE_NAME = "REF017"
    REF_EMPTY_NODE = "REF018"
    REF_UNKNOWN_QUESTION = "REF019"
    REF_CONDITION_QUESTION = "REF150"
    REF_CONDITION_CODE = "REF151"
    REF_ALERT_SHAPE = "REF152"
    REF_MIRROR_GROUPS = "REF153"
    REF_MIRROR_SCALES = "REF154"
    REF_GLOSSARY_DUPLICATE = "REF155"
    REF_COLLECTION_QUESTION = "REF156"
    # answer sets
    ANS_JSON = "ANS001"
    ANS_SCHEMA = "ANS002"
    ANS_REFERENTIEL = "ANS003"
    ANS_UNKNOWN_QUESTION = "ANS004"
    ANS_UNKNOWN_RESPONDENT = "ANS005"
    ANS_WRONG_GROUP = "ANS006"
    ANS_NOT_AN_OPTION = "ANS007"
    ANS_NOT_A_NUMBER = "ANS008"
    ANS_OUT_OF_BOUNDS = "ANS009"
    ANS_NOT_A_DATE = "ANS010"
    ANS_DUPLICATE = "ANS011"
    ANS_REQUIRED = "ANS012"
    ANS_TOO_LONG = "ANS013"
    ANS_HASH = "ANS014"
    ANS_CONVERTED = "ANS015"
    ANS_NOT_INTEGER = "ANS016"
    ANS_STATUS_NOT_ALLOWED = "ANS017"
    ANS_RESPONDENT_GROUP = "ANS018"
    ANS_DUPLICATE_RESPONDENT = "ANS019"
    ANS_SINGLE_RESPONDENT = "ANS020"
    ANS_BLANK = "ANS021"
    ANS_PARTIAL = "ANS022"
    ANS_COMMENT_ELSEWHERE = "ANS023"
    REF_BAD_OPTIONS = "REF020"
    REF_BOUNDS = "REF021"
    # référentiels authored in a spreadsheet (evalsoc.authoring: import-xlsx)
    REF_XLSX_SHEET = "REF100"
    REF_XLSX_COLUMN = "REF101"
    REF_XLSX_VALUE = "REF102"
    REF_XLSX_PARENT = "REF103"
    REF_XLSX_FORMULA = "REF104"
    REF_XLSX_SETTING = "REF105"
    REF_XLSX_OUTPUT = "REF106"
    REF_XLSX_INPUT = "REF107"
    REF_XLSX_EXISTS = "REF108"
    REF_XLSX_CELL_ERROR = "REF109"
    REF_XLSX_EXTRA_SHEET = "REF110"
    REF_XLSX_BUNDLE = "REF111"
    REF_XLSX_SHAPE = "REF112"
    REF_XLSX_TWICE = "REF113"
    REF_XLSX_DIAGNOSTIC_SETTING = "REF114"
    REF_XLSX_LOSSY = "REF115"
    # workbooks: the file itself
    XL_EMPTY = "XL001"
    XL_CORRUPT = "XL002"
    XL_NOT_A_WORKBOOK = "XL003"
    XL_LEGACY = "XL004"
    XL_PASSWORD = "XL005"
    XL_MACROS = "XL006"
    XL_XML_ENTITIES = "XL007"
    XL_TOO_BIG = "XL008"
    XL_MALFORMED = "XL009"
    XL_MISSING_SHEET = "XL010"
    XL_NO_METADATA = "XL011"
    XL_UNKNOWN_REFERENTIEL = "XL012"
    XL_OTHER_VERSION = "XL013"
    XL_IDENTITY_MISMATCH = "XL014"
    XL_TOO_MANY_ROWS = "XL015"
    XL_UNREADABLE = "XL016"
    XL_DUPLICATE_PART = "XL017"
    XL_NO_FINGERPRINT = "XL018"
    # workbooks: cells
    XL_FORMULA = "XL020"
    XL_ERROR_VALUE = "XL021"
    XL_MERGED = "XL022"
    XL_MISSING_QUESTION = "XL023"
    XL_DUPLICATE_QUESTION = "XL024"
    XL_PERCENT_READ = "XL025"
    XL_CHOICE_MARK = "XL026"
    XL_NO_ID_ROW = "XL027"
    XL_EMPTY_ROWS = "XL028"
    XL_LEVEL = "XL029"
    XL_ORPHAN_INDIVIDUAL = "XL030"
    XL_DUPLICATE_STRUCTURE = "XL031"
    XL_NO_STRUCTURE_ID = "XL032"
    XL_DUPLICATE_FORM = "XL033"
    XL_COMMENT_FORMULA = "XL034"
    # workbooks: limits of the file as a whole (sheet extents)
    XL_SHEET_EXTENT = "XL060"
    XL_INTERNAL = "XL099"
    # structures registry (CSV) and questionnaire generation
    STR_UNREADABLE = "STR001"
    STR_NO_ID_COLUMN = "STR002"
    STR_MISSING_ID = "STR003"
    STR_DUPLICATE_ID = "STR004"
    STR_ENCODING = "STR005"
    STR_CONSENT = "STR006"
    STR_EMPTY = "STR007"
    STR_UNKNOWN_COLUMNS = "STR008"
    QST_UNKNOWN_GROUP = "QST001"
    QST_WRITE = "QST002"
    QST_OUTPUT_DIR = "QST003"
    QST_EXISTS = "QST004"
    # the store
    DB_OTHER_REFERENTIEL = "DB001"
    DB_STORE_VERSION = "DB002"
    DB_UNKNOWN_CAMPAIGN = "DB003"
    DB_IDENTITY = "DB004"  # no longer given (XL014 is an error): stores still hold it
    DB_OLDER_REPLACES = "DB005"
    DB_OLDER_KEPT = "DB006"
    DB_SAME_RUN = "DB007"
    DB_REFUSED_CORRECTED = "DB008"
    DB_REFUSED_AGAIN = "DB009"
    # the environment: the base, the paths, what is given on the command line
    ENV_NO_DB = "ENV001"
    ENV_DB_NOT_SQLITE = "ENV002"
    ENV_DB_DAMAGED = "ENV003"
    ENV_DB_FOREIGN = "ENV004"
    ENV_DB_WAITING = "ENV005"
    ENV_DB_BUSY = "ENV006"
    ENV_INGEST_WAITING = "ENV007"
    ENV_INGEST_BUSY = "ENV008"
    ENV_DB_PATH = "ENV009"
    ENV_OUTPUT = "ENV011"
    ENV_NO_WORKBOOK = "ENV012"
    ENV_NOT_REGULAR = "ENV013"
    ENV_OVERWRITES_INPUT = "ENV014"
    ENV_OUTPUT_CLASH = "ENV015"
    ENV_DB_EMPTY = "ENV016"
    # the campaign desk (evalsoc suivi)
    SUI_NOTHING = "SUI001"
    SUI_REFUSED = "SUI002"
    SUI_LAST_REFUSED = "SUI003"
    SUI_TOO_FEW = "SUI004"
    SUI_NO_REGISTRY = "SUI005"
    SUI_UNATTACHED = "SUI006"
    SUI_OUT_OF_REGISTRY = "SUI007"
    # consent to publication and the publication auditor
    CON_DISAGREE = "CON001"
    CON_UNREADABLE = "CON002"
    AUD_EXPOSED = "AUD001"
    AUD_CLEAN = "AUD002"
    AUD_UNFIXABLE = "AUD003"
    # the fiche structure (evalsoc.reports.fiche*): CLI problems, why a node has no score
    FIC_NO_DB = "FIC001"
    FIC_NO_STRUCTURE = "FIC002"
    FIC_UNKNOWN_STRUCTURE = "FIC003"
    FIC_FAILED = "FIC004"
    FIC_OUTPUT_DIR = "FIC005"
    FIC_REFERENTIEL_CHANGED = "FIC006"
    FIC_WHY_NON_CONCERNE = "FIC010"
    FIC_WHY_NE_SAIT_PAS = "FIC011"
    FIC_WHY_UNANSWERED = "FIC012"
    FIC_WHY_TOO_FEW = "FIC013"
    FIC_WHY_COVERAGE = "FIC014"
    FIC_WHY_NOT_COMPUTABLE = "FIC015"
    FIC_WHY_MISSING = "FIC016"
    FIC_MEDIAN_MASKED = "FIC020"
    # the board's plan d'action, read from the workbook (excel/plan.py)
    FIC_PLAN_DATE = "FIC030"
    FIC_PLAN_STATUS = "FIC031"
    FIC_PLAN_NO_PISTE = "FIC032"
    FIC_PLAN_TOO_LONG = "FIC033"
    # restitution collective: the profiles side by side (publish/profiles.py)
    COL_SIDE_BY_SIDE_REFUSED = "COL001"
    COL_MOTIF_NOT_NAMED = "COL002"
    COL_NOT_EVALUABLE = "COL003"
    # sector statistics (evalsoc.stats): input errors, secrecy notes and motifs, labels
    STAT_MISSING_COLUMNS = "STAT001"
    STAT_UNKNOWN_BY = "STAT002"
    STAT_BY_CONFLICT = "STAT003"
    STAT_UNKNOWN_CAMPAIGN = "STAT004"
    STAT_DUPLICATE_ROWS = "STAT005"
    STAT_NODE_KIND = "STAT006"
    STAT_NOTE_PRIMARY = "STAT010"
    STAT_NOTE_DOMINANCE = "STAT011"
    STAT_NOTE_SECONDARY = "STAT012"
    STAT_NOTE_LOWERED = "STAT013"
    STAT_NOTE_RAISED = "STAT014"
    STAT_NOTE_NO_SECRECY = "STAT015"
    STAT_NOTE_DOMINANCE_LOOSER = "STAT016"
    STAT_NOTE_DOMINANCE_OFF = "STAT017"
    STAT_NOTE_ORDER = "STAT040"
    STAT_NOTE_AUDIT = "STAT041"
    STAT_NOTE_LEFT_OUT = "STAT042"
    STAT_NOTE_CONSENTS = "STAT043"
    STAT_NOTE_UNFIXABLE = "STAT044"
    STAT_MOTIF_AUDIT = "STAT045"
    STAT_MOTIF_FEW_UNNAMED = "STAT046"
    STAT_MOTIF_PRIMARY = "STAT020"
    STAT_MOTIF_DOMINANCE = "STAT021"
    STAT_MOTIF_SECONDARY = "STAT022"
    STAT_LABEL_ALL = "STAT030"
    STAT_LABEL_MISSING = "STAT031"
    # evalsoc explain: where the structure to explain comes from
    EXP_SEVERAL = "EXP001"
    EXP_NOT_THERE = "EXP002"
    EXP_NO_STRUCTURE = "EXP003"
    EXP_NOT_STORED = "EXP004"
    EXP_SOURCES = "EXP005"
    # evalsoc score's outputs
    SCO_ANSWERS_DIR = "SCO001"
    # evalsoc sensibilite (issue 19)
    SEN_UNKNOWN_STRUCTURE = "SEN001"
    SEN_POLICY = "SEN002"
    SEN_WORKING = "SEN003"
    SEN_EMPTY = "SEN004"
    SEN_OUTPUT = "SEN005"
    # golden examples
    GOLD_MISMATCH = "GOLD001"
    GOLD_UNREADABLE = "GOLD002"
    GOLD_MISSING = "GOLD003"
    # versions of a référentiel (evalsoc.versions): the crosswalk and its checks
    VER_PREVIOUS_UNKNOWN = "VER001"
    VER_OLD_UNKNOWN = "VER002"
    VER_NEW_UNKNOWN = "VER003"
    VER_OLD_UNCLASSIFIED = "VER004"
    VER_NEW_UNCLASSIFIED = "VER005"
    VER_TWICE = "VER006"
    VER_SHAPE = "VER007"
    VER_MAPPING_HERE = "VER008"
    VER_NOT_UNCHANGED = "VER009"
    VER_REWORDED = "VER010"
    VER_OPTION_MAP = "VER011"
    VER_CONVERSION = "VER012"
    VER_GROUP_CHANGED = "VER013"
    VER_PREVIOUS_NOT_OLDER = "VER014"
    VER_PREVIOUS_INVALID = "VER015"
    # versions: what reads, scores or migrates through a crosswalk
    VER_NO_PATH = "VER020"
    VER_LATE_WORKBOOK = "VER021"
    VER_NOT_CARRIED = "VER022"
    VER_VALUE_REFUSED = "VER023"
    VER_CROSSWALK_INVALID = "VER024"
    VER_STORED_VERSION = "VER025"
    VER_LATER_WORKBOOK = "VER026"
    VER_ALREADY = "VER030"
    VER_NOTHING_TO_UNDO = "VER031"
    VER_UNDO_BLOCKED = "VER032"
    VER_BACKWARDS = "VER033"
    VER_OTHER_REFERENTIEL = "VER034"
    # versions: what comparisons across campaigns say (one policy, evalsoc.versions.compare)
    VER_NOTE_NOT_COMPARED = "VER040"
    VER_NOTE_MIGRATED = "VER041"
    VER_NOTE_BREAKS = "VER042"
    VER_NOTE_CONVERTED = "VER043"
    VER_NOTE_FICHE = "VER044"
    # versions: labels (series flags, kinds of change) and the lines of a diff
    VER_FLAG_COMPARABLE = "VER050"
    VER_FLAG_CONVERSION = "VER051"
    VER_FLAG_RUPTURE = "VER052"
    VER_KIND_SAME = "VER060"
    VER_KIND_RENAMED = "VER061"
    VER_KIND_REWORDED = "VER062"
    VER_KIND_RESCALED = "VER063"
    VER_KIND_SPLIT = "VER064"
    VER_KIND_MERGED = "VER065"
    VER_KIND_DROPPED = "VER066"
    VER_KIND_NEW = "VER067"
    VER_CAUSE_NEW = "VER070"
    VER_CAUSE_SPLIT = "VER071"
    VER_CAUSE_CONVERTED = "VER072"
    VER_CAUSE_RULE = "VER073"
    VER_CAUSE_CHILD = "VER074"
    VER_CAUSE_RECONSTRUCTED = "VER075"
    # the shared question library and référentiels asked together (bundles, campaigns)
    QLIB_UNKNOWN = "QLIB001"
    QLIB_REDEFINED = "QLIB002"
    QLIB_LINE_ID = "QLIB003"
    QLIB_LIBRARY = "QLIB004"
    QLIB_MISMATCH = "QLIB005"
    QLIB_BUNDLE_TWICE = "QLIB010"
    QLIB_BUNDLE_QUESTION = "QLIB011"
    QLIB_BUNDLE_GROUP = "QLIB012"
    QLIB_BUNDLE_SCALE = "QLIB013"
    QLIB_BUNDLE_PROFILES = "QLIB014"
    QLIB_BUNDLE_ONE = "QLIB015"
    QLIB_CAMPAIGN_VERSION = "QLIB020"
    QLIB_CAMPAIGN_DROPPED = "QLIB021"
    # diagnostics (kind: diagnostic, the financial self-diagnosis first): the référentiel,
    # the sheet of accounts, totals recomputed, why a ratio has no value
    FIN_SCHEMA = "FIN001"
    FIN_NAME = "FIN002"
    FIN_ORDER = "FIN003"
    FIN_DUPLICATE = "FIN004"
    FIN_PERIOD_REF = "FIN005"
    FIN_SECTOR = "FIN006"
    FIN_NO_PERIOD_ROW = "FIN010"
    FIN_MISSING_LINE = "FIN011"
    FIN_CHECK = "FIN020"
    FIN_BLANK_LINES = "FIN021"
    FIN_PERIOD_EMPTY = "FIN022"
    FIN_WHY_MISSING = "FIN030"
    FIN_WHY_SECTION = "FIN031"
    FIN_WHY_PERIOD = "FIN032"
    FIN_WHY_ZERO = "FIN033"
    FIN_WHY_DEPENDS = "FIN034"
    FIN_WHY_ERROR = "FIN035"
    FIN_RULE_FORMULA = "FIN040"
    FIN_RULE_BAND = "FIN041"
    FIN_RULE_SKIPPED = "FIN042"
    FIN_RULE_NO_BAND = "FIN043"
    FIN_GOLD_MISMATCH = "FIN050"
    # an observation référentiel (OPP, issue 21)
    OPP_UNKNOWN_BLOCK = "OPP001"
    OPP_UNKNOWN_QUESTION = "OPP002"
    OPP_NOT_ADDITIVE = "OPP003"
    OPP_TYPOLOGY = "OPP004"
    OPP_SCORED = "OPP005"
    OPP_SIZE_ORDER = "OPP006"
    OPP_NOT_OBSERVATION = "OPP007"
    OPP_USE_OBSERVATION = "OPP008"
    OPP_NO_FICHE = "OPP009"
    OPP_CHECK_FORMULA = "OPP010"
    OPP_CHECK = "OPP011"
    # the rural attractiveness grid and the INSEE density table (issue 21)
    RUR_UNREADABLE = "RUR001"
    RUR_EMPTY = "RUR002"
    RUR_NO_COLUMNS = "RUR003"
    RUR_BAD_CODE = "RUR004"
    RUR_BAD_LEVEL = "RUR005"
    RUR_DUPLICATE = "RUR006"
    RUR_ENCODING = "RUR007"
    RUR_NOT_IN_TABLE = "RUR008"
    RUR_HAND_DIFFERS = "RUR009"
    RUR_NO_CLASS = "RUR010"
    RUR_NOT_GRID = "RUR011"
    RUR_PARAMETER = "RUR012"
    RUR_JOIN_NOT_GRID = "RUR013"
    RUR_JOIN_MISSING = "RUR014"
    # refusals that had no catalogue entry (issue 16): formulas, campaigns, simulations
    ARCH_FORMULA = "ARCH001"
    ARCH_SAME_CAMPAIGN = "ARCH002"
    ARCH_OTHER_REFERENTIEL = "ARCH003"
    ARCH_EMPTY_CAMPAIGN = "ARCH004"
    ARCH_SIM_NOT_FOLDER = "ARCH005"
    ARCH_SIM_FOREIGN = "ARCH006"
    ARCH_SIM_INTERRUPTED = "ARCH007"
    ARCH_SIM_HINTS = "ARCH008"
    # several consultants: merging stores (evalsoc merge)
    MRG_SOURCE_IS_TARGET = "MRG001"
    MRG_REFERENTIEL = "MRG002"
    MRG_YEAR = "MRG003"
    MRG_FIELD_CONFLICT = "MRG004"
    MRG_CONSENT_CONFLICT = "MRG005"
    MRG_UNKNOWN_CAMPAIGN = "MRG006"
    MRG_NO_REFERENTIEL = "MRG007"
    MRG_NOTHING = "MRG008"
    # Région conventions (evalsoc convention)
    CNV_SCORE_TARGET = "CNV001"
    CNV_PERCEPTION_TARGET = "CNV002"
    CNV_COUNT = "CNV003"
    CNV_KINDS = "CNV004"
    CNV_UNKNOWN_INDICATOR = "CNV005"
    CNV_REQUIRED = "CNV006"
    CNV_NOT_A_NUMBER = "CNV007"
    CNV_DIRECTION = "CNV008"
    CNV_PERIOD = "CNV009"
    CNV_PERIOD_ORDER = "CNV010"
    CNV_DUE_YEAR = "CNV011"
    CNV_COLUMNS = "CNV012"
    CNV_UNKNOWN_REFERENTIEL = "CNV013"
    CNV_NO_VALUE = "CNV014"
    CNV_DUPLICATE = "CNV015"
    CNV_HAND_UNKNOWN = "CNV016"
    CNV_UNREADABLE = "CNV017"
    CNV_EMPTY = "CNV018"
    CNV_NOT_A_YEAR = "CNV019"
    CNV_MISSING_SHEET = "CNV020"
    CNV_CHOICE = "CNV021"
    CNV_SEVERAL = "CNV022"
    CNV_NOTE_REDEFINED = "CNV030"
    CNV_NOTE_SAME = "CNV031"
    CNV_NOTE_NO_CAMPAIGN = "CNV032"
    CNV_NOTE_NO_ANSWER = "CNV033"
    CNV_NOTE_HAND = "CNV034"
    CNV_NOTE_GONE = "CNV035"
    CNV_UNKNOWN_STRUCTURE = "CNV036"
    CNV_NOT_FOUND = "CNV037"
    CNV_NOTE_SEVERAL = "CNV038"
    # DLA support needs (evalsoc besoins)
    BES_COLUMNS = "BES001"
    BES_THEME = "BES002"
    BES_LEVEL = "BES003"
    BES_DUPLICATE = "BES004"
    BES_UNKNOWN_STRUCTURE = "BES005"
    BES_UNREADABLE = "BES006"
    BES_NO_STRUCTURE = "BES007"
    BES_SIGNAL_ALERT = "BES020"
    BES_SIGNAL_WEAK = "BES021"
    BES_SIGNAL_LEGAL = "BES022"
    BES_SIGNAL_DIVERGENCE = "BES023"
    BES_SIGNAL_DECLARED = "BES024"
    BES_SIGNAL_PRACTICE = "BES025"
    # a shared PostgreSQL server, its roles and what it publishes
    PG_NO_DRIVER = "PG001"
    PG_CONNECT = "PG002"
    PG_WAITING = "PG003"
    PG_BUSY = "PG004"
    PG_DENIED = "PG005"
    PG_NO_SCHEMA = "PG006"
    PG_OUTDATED = "PG007"
    PG_LOST = "PG008"
    PG_SERVER = "PG009"
    PG_NOT_SERVER = "PG010"
    PG_NOT_PUBLISHED = "PG011"
    PG_NOT_OWNER = "PG012"
    # the quotes a consultant selects for publication (evalsoc citations)
    CIT_COLUMNS = "CIT001"
    CIT_PUBLISH_VALUE = "CIT002"
    CIT_TEXT_CHANGED = "CIT003"
    CIT_OTHER_CAMPAIGN = "CIT004"
    CIT_UNKNOWN_STRUCTURE = "CIT005"
    CIT_UNREADABLE = "CIT006"
    CIT_MISSING_SHEET = "CIT007"
    CIT_DUPLICATE = "CIT008"
    CIT_NOT_CONSENTED = "CIT009"
    CIT_EDIT_UNMARKED = "CIT010"
    CIT_EDIT_TOO_LONG = "CIT011"
    CIT_IMPORTED = "CIT012"
    CIT_NOT_IMPORTED = "CIT013"
    CIT_EXPORTED = "CIT014"
    CIT_NOTE_NONE = "CIT020"
    CIT_NOTE_SELECTED = "CIT021"
    CIT_FICHE_NONE = "CIT022"
    CIT_FICHE_SELECTED = "CIT023"
    CIT_AUDIT_UNSELECTED = "CIT025"
    CIT_AUDIT_ATTRIBUTED = "CIT026"
    CIT_AUDIT_CLEAN = "CIT027"
    CIT_AUDIT_NOT_ALLOWED = "CIT028"
    CIT_AUDIT_OTHER_FICHE = "CIT029"


@dataclass(frozen=True)
class Entry:
    title: str
    template: str
    warning: bool = False
    # no longer given, kept so that the bases written before can still name it
    stored_only: bool = False


CATALOGUE: dict[Code, Entry] = {
    Code.REF_YAML_SYNTAX: Entry(
        "YAML illisible",
        "le fichier n'est pas un YAML valide ({detail}). Corrigez la syntaxe à cette ligne "
        "(indentation, deux-points, guillemets).",
    ),
    Code.REF_SCHEMA: Entry(
        "Champ invalide",
        "{detail}. Corrigez ce champ selon le format des référentiels (docs/referentiels.md).",
    ),
    Code.REF_DUPLICATE_ID: Entry(
        "Identifiant en double",
        "l'identifiant « {id} » est déjà utilisé ({other}). Chaque dimension, critère, "
        "indicateur et question doit avoir un identifiant unique : renommez l'un des deux.",
    ),
    Code.REF_UNKNOWN_SCALE: Entry(
        "Échelle inconnue",
        "la question « {question} » utilise l'échelle « {scale} », qui n'est pas définie. "
        "Échelles définies : {known}. Ajoutez-la dans « scales » ou corrigez le nom.",
    ),
    Code.REF_UNKNOWN_GROUP: Entry(
        "Groupe de répondants inconnu",
        "la question « {question} » est posée au groupe « {group} », qui n'est pas défini. "
        "Groupes définis : {known}.",
    ),
    Code.REF_FORMULA_SYNTAX: Entry(
        "Formule illisible",
        "la formule « {formula} » ne peut pas être lue ({detail}). Utilisez des identifiants "
        "de questions, des nombres, + - * / ( ) et min, max, abs, round.",
    ),
    Code.REF_FORMULA_NAME: Entry(
        "Formule : question inconnue",
        "la formule « {formula} » cite « {name} », qui n'est pas une question du référentiel.",
    ),
    Code.REF_FORMULA_NOT_NUMERIC: Entry(
        "Formule : question non numérique",
        "la formule « {formula} » cite « {name} », une question de type {type} posée au groupe "
        "« {group} » ; une formule ne peut utiliser que des questions numériques de la "
        "structure (entier, nombre, pourcentage, montant).",
    ),
    Code.REF_BANDS_ORDER: Entry(
        "Tranches dans le désordre",
        "les bornes des tranches doivent être strictement croissantes ; reçu : {bounds}.",
    ),
    Code.REF_BANDS_POLARITY: Entry(
        "Tranches incohérentes avec le sens",
        "avec le sens « {polarity} », les scores des tranches doivent être {rule} ; "
        "reçu : {scores}.",
    ),
    Code.REF_UNREACHABLE: Entry(
        "Score inatteignable",
        "le nœud « {node} » ne peut pas atteindre {bound} (scores possibles de {low} à {high}). "
        "Revoyez les scores des options ou des tranches.",
    ),
    Code.REF_UNSCORED_QUESTION: Entry(
        "Question ni notée ni informative",
        "la question « {question} » n'entre dans aucun score : utilisez-la dans la notation de "
        "son indicateur ou une formule, ou déclarez l'indicateur « informational ».",
    ),
    Code.REF_SCORING_MISMATCH: Entry(
        "Notation incompatible",
        "l'indicateur « {indicator} » : {detail}.",
    ),
    Code.REF_LEVELS: Entry(
        "Niveaux incohérents",
        "les niveaux doivent commencer à 0 et avoir des seuils strictement croissants "
        "inférieurs à 100 ; reçu : {bounds}.",
    ),
    Code.REF_NOT_FOUND: Entry(
        "Référentiel introuvable",
        "aucun référentiel « {ref} » n'est disponible. Référentiels connus : {known}.",
    ),
    Code.REF_LOCK_MISMATCH: Entry(
        "Version publiée modifiée",
        "le référentiel publié {ref} a changé (empreinte {actual}, attendue {expected}). "
        "Une version publiée est immuable : créez une nouvelle version.",
    ),
    Code.REF_FILE_NAME: Entry(
        "Fichier mal rangé",
        "le fichier déclare {declared} mais est rangé sous {location}. Rangez-le sous "
        "referentiels/<id>/<version>.yaml.",
    ),
    Code.REF_EMPTY_NODE: Entry(
        "Nœud vide",
        "« {node} » n'a aucun {child} : ajoutez-en au moins un.",
    ),
    Code.REF_UNKNOWN_QUESTION: Entry(
        "Question inconnue",
        "la notation de l'indicateur « {indicator} » cite la question « {question} », qui "
        "n'est pas une question du référentiel.",
    ),
    Code.REF_CONDITION_QUESTION: Entry(
        "Condition mal posée",
        "la condition « applies_if » de l'indicateur « {indicator} » cite « {question} », "
        "qui n'est pas une question à choix unique posée à la structure hors de cet "
        "indicateur. Citez une question oui/non ou à choix unique du groupe « structure ».",
    ),
    Code.REF_CONDITION_CODE: Entry(
        "Code de réponse inconnu",
        "l'indicateur « {indicator} » cite le code « {value} », qui n'est pas une réponse "
        "possible à « {question} » (réponses possibles : {known}). Corrigez le code.",
    ),
    Code.REF_ALERT_SHAPE: Entry(
        "Alerte mal posée",
        "l'indicateur « {indicator} » porte une alerte : il doit être informatif (méthode "
        "« informational ») et n'avoir qu'une question à choix unique posée à la structure.",
    ),
    Code.REF_MIRROR_GROUPS: Entry(
        "Item miroir sans vis-à-vis",
        "l'item miroir « {mirror} » ({questions}) doit être posé à au moins deux groupes, "
        "une question par groupe. Donnez la même clé « mirror » à la question posée à "
        "l'autre groupe, ou retirez-la.",
    ),
    Code.REF_MIRROR_SCALES: Entry(
        "Items miroirs incomparables",
        "les questions de l'item miroir « {mirror} » ({questions}) doivent être des "
        "questions à choix de même type et de même échelle, pour que leurs réponses se "
        "comparent.",
    ),
    Code.REF_GLOSSARY_DUPLICATE: Entry(
        "Terme du glossaire en double",
        "le terme « {term} » est défini deux fois dans le glossaire : gardez une seule "
        "définition.",
    ),
    Code.REF_COLLECTION_QUESTION: Entry(
        "Mode de recueil mal déclaré",
        "le groupe « {group} » cite « {question} » pour dire comment ses réponses ont été "
        "recueillies, mais ce n'est pas une question posée à la structure. Citez une "
        "question du groupe « structure ».",
    ),
    Code.ANS_JSON: Entry(
        "JSON illisible",
        "le fichier de réponses n'est pas un JSON valide ({detail}).",
    ),
    Code.ANS_SCHEMA: Entry(
        "Réponses mal formées",
        "{detail}. Voir le format dans docs/format-reponses.md.",
    ),
    Code.ANS_REFERENTIEL: Entry(
        "Référentiel des réponses introuvable",
        "les réponses se réfèrent à « {ref} », qui n'est pas disponible. Référentiels "
        "connus : {known}.",
    ),
    Code.ANS_UNKNOWN_QUESTION: Entry(
        "Question inconnue",
        "« {question} » n'est pas une question de {ref}. Vérifiez que le questionnaire "
        "correspond bien à ce référentiel et à cette version.",
    ),
    Code.ANS_UNKNOWN_RESPONDENT: Entry(
        "Répondant inconnu",
        "la réponse cite le répondant « {respondent} », absent de la liste des répondants.",
    ),
    Code.ANS_WRONG_GROUP: Entry(
        "Question posée à un autre groupe",
        "la question « {question} » s'adresse au groupe « {expected} », pas au répondant "
        "« {respondent} » du groupe « {group} ».",
    ),
    Code.ANS_NOT_AN_OPTION: Entry(
        "Réponse hors liste",
        "« {raw} » n'est pas une réponse possible à « {question} ». Réponses acceptées : "
        "{accepted}. Choisissez une valeur dans la liste.",
    ),
    Code.ANS_NOT_A_NUMBER: Entry(
        "Nombre attendu",
        "« {raw} » n'est pas un nombre (question « {question} »). Saisissez un nombre, "
        "par exemple 3,5 ; si vous ne connaissez pas le chiffre, indiquez « ne sait pas ».",
    ),
    Code.ANS_NOT_INTEGER: Entry(
        "Nombre entier attendu",
        "« {raw} » n'est pas un nombre entier (question « {question} »). Saisissez un "
        "nombre sans décimale.",
    ),
    Code.ANS_OUT_OF_BOUNDS: Entry(
        "Valeur hors bornes",
        "{value} est hors des bornes de « {question} » ({bounds}). Vérifiez la saisie "
        "(unité, virgule, pourcentage).",
    ),
    Code.ANS_NOT_A_DATE: Entry(
        "Date attendue",
        "« {raw} » n'est pas une date lisible (question « {question} »). Saisissez-la "
        "au format jj/mm/aaaa.",
    ),
    Code.ANS_DUPLICATE: Entry(
        "Réponse en double",
        "la question « {question} » a plusieurs réponses du répondant « {respondent} » : "
        "aucune n'est retenue, le calcul dépendrait de leur ordre. Gardez-en une seule.",
    ),
    Code.ANS_REQUIRED: Entry(
        "Réponse obligatoire manquante",
        "la question obligatoire « {question} » n'a pas de réponse. Répondez, ou indiquez "
        "{statuses}.",
        warning=True,
    ),
    Code.ANS_TOO_LONG: Entry(
        "Texte trop long",
        "la réponse à « {question} » fait {length} caractères, au-delà des {limit} qu'un "
        "tableur accepte. Raccourcissez-la.",
    ),
    Code.ANS_HASH: Entry(
        "Version du référentiel différente",
        "les réponses ont été préparées pour {ref} d'empreinte {expected}, mais ce "
        "référentiel a l'empreinte {actual}. Régénérez le questionnaire avec la version "
        "publiée.",
    ),
    Code.ANS_CONVERTED: Entry(
        "Valeur convertie",
        "« {raw} » a été lu comme {value} (question « {question} »).",
        warning=True,
    ),
    Code.ANS_STATUS_NOT_ALLOWED: Entry(
        "Non concerné impossible",
        "la question « {question} » ne peut pas être « non concerné » : répondez, ou "
        "indiquez « ne sait pas ».",
    ),
    Code.REF_XLSX_SHEET: Entry(
        "Feuille absente",
        "la feuille « {sheet} » manque (feuilles trouvées : {found}). Reprenez le classeur "
        "produit par evalsoc referentiel export-xlsx : ses feuilles gardent leur nom.",
    ),
    Code.REF_XLSX_COLUMN: Entry(
        "Colonne inconnue ou absente",
        "{detail}. Colonnes attendues dans « {sheet} » : {known} (la ligne 1 porte leurs "
        "noms).",
    ),
    Code.REF_XLSX_VALUE: Entry(
        "Valeur illisible",
        "« {raw} » dans la colonne « {column} » n'est pas {expected}. Corrigez la case.",
    ),
    Code.REF_XLSX_PARENT: Entry(
        "Parent inconnu",
        "la ligne se rattache à « {parent} » (colonne « {column} »), absent de la feuille "
        "« {parent_sheet} » au-dessus. Corrigez l'identifiant, ou ajoutez d'abord ce parent.",
    ),
    Code.REF_XLSX_FORMULA: Entry(
        "Formule dans le référentiel",
        "la case contient une formule ({raw}) : un référentiel n'en contient pas. Écrivez la "
        "valeur elle-même.",
    ),
    Code.REF_XLSX_SETTING: Entry(
        "Réglage inconnu",
        "« {raw} » n'est pas un réglage du référentiel. Réglages possibles : {known}.",
    ),
    Code.REF_XLSX_OUTPUT: Entry(
        "Fichier YAML non écrit",
        "le classeur a {count} erreur(s) : aucun fichier n'est écrit. Corrigez-les dans le "
        "classeur, puis relancez.",
    ),
    Code.REF_XLSX_INPUT: Entry(
        "Classeur introuvable",
        "aucun classeur .xlsx à cet endroit. Donnez le chemin du classeur produit par "
        "evalsoc referentiel export-xlsx.",
    ),
    Code.REF_XLSX_EXISTS: Entry(
        "Fichier déjà présent",
        "le fichier existe déjà et n'est pas remplacé. Choisissez un autre nom (une "
        "nouvelle version : referentiels/<id>/<version>.yaml), ou ajoutez --remplacer.",
    ),
    Code.REF_XLSX_CELL_ERROR: Entry(
        "Erreur de tableur",
        "la case affiche une erreur du tableur ({raw}) au lieu d'une valeur. Écrivez la "
        "valeur elle-même.",
    ),
    Code.REF_XLSX_EXTRA_SHEET: Entry(
        "Feuille ignorée",
        "cette feuille n'est pas une feuille du référentiel : son contenu n'est pas lu. "
        "Feuilles lues : {known}. Recopiez ce qui doit compter dans la bonne feuille.",
        warning=True,
    ),
    Code.REF_XLSX_BUNDLE: Entry(
        "Ensemble de référentiels",
        "« {ref} » nomme plusieurs référentiels demandés ensemble ({parts}) : un ensemble "
        "n'est pas un fichier, et un classeur de référentiel n'en porte qu'un. Exportez "
        "chacun à part : {commands}.",
    ),
    Code.REF_XLSX_SHAPE: Entry(
        "Référentiel non exportable",
        "{ref} contient {what}, qu'un classeur de référentiel ne sait pas porter : aucun "
        "classeur n'est écrit. Modifiez plutôt son fichier YAML, et signalez-le.",
    ),
    Code.REF_XLSX_TWICE: Entry(
        "Ligne en trop",
        "« {parent} » a déjà une ligne dans « {sheet_name} » plus haut : {rule}. Gardez une "
        "seule ligne (fusionnez-les), ou rattachez celle-ci à un autre {column}.",
    ),
    Code.REF_XLSX_DIAGNOSTIC_SETTING: Entry(
        "Réglage du diagnostic inconnu",
        "« {raw} » n'est pas un réglage de la section « diagnostic ». Réglages possibles : "
        "{known}.",
    ),
    Code.REF_XLSX_LOSSY: Entry(
        "Classeur infidèle",
        "relu, le classeur ne redonne pas {ref} (empreinte {actual} au lieu de {expected}) : "
        "{detail}. Ne publiez rien depuis ce classeur. Une ligne qui reprend une question "
        "partagée (« use ») la relit dans la bibliothèque questions-partagees.yaml du dossier "
        "au-dessus du classeur, ou du dossier des référentiels : écrivez le classeur là où "
        "cette bibliothèque est celle du référentiel.",
    ),
    Code.XL_EMPTY: Entry(
        "Fichier vide",
        "le fichier est vide (0 octet). Renvoyez le classeur rempli.",
    ),
    Code.XL_CORRUPT: Entry(
        "Fichier incomplet ou corrompu",
        "le fichier est incomplet ou corrompu (sa fin est manquante ou illisible) : il a sans "
        "doute été coupé pendant l'envoi. Renvoyez-le.",
    ),
    Code.XL_NOT_A_WORKBOOK: Entry(
        "Pas un classeur Excel",
        "ce fichier n'est pas un classeur Excel mais {kind}. Ouvrez le questionnaire reçu "
        "dans Excel ou LibreOffice et enregistrez-le au format .xlsx.",
    ),
    Code.XL_LEGACY: Entry(
        "Ancien format ou autre format",
        "ce fichier est au format {kind}, pas .xlsx. Dans votre tableur : Fichier > "
        "Enregistrer sous > « Classeur Excel (.xlsx) », puis renvoyez ce fichier.",
    ),
    Code.XL_PASSWORD: Entry(
        "Classeur protégé par un mot de passe",
        "le classeur est protégé par un mot de passe : retirez-le (Fichier > Informations > "
        "Protéger le classeur, ou Enregistrer sous sans mot de passe) et renvoyez-le.",
    ),
    Code.XL_MACROS: Entry(
        "Classeur avec macros",
        "le classeur contient des macros ; elles ne sont jamais exécutées, seules les "
        "valeurs sont lues. Enregistrez-le de préférence en .xlsx sans macros.",
        warning=True,
    ),
    Code.XL_XML_ENTITIES: Entry(
        "Contenu XML refusé",
        "la partie « {part} » du fichier déclare des entités XML (DOCTYPE), ce qu'un tableur "
        "ne produit pas : fichier refusé par sécurité. Réenregistrez-le depuis votre tableur.",
    ),
    Code.XL_TOO_BIG: Entry(
        "Fichier trop volumineux",
        "{detail} : au-delà de ce qu'un questionnaire peut contenir, le fichier n'est pas "
        "lu. Vérifiez qu'il s'agit bien du questionnaire, sans images ni données ajoutées.",
    ),
    Code.XL_MALFORMED: Entry(
        "Partie du classeur illisible",
        "la partie « {part} » du classeur est illisible ({detail}). Ouvrez-le dans votre "
        "tableur, réenregistrez-le en .xlsx et renvoyez-le.",
    ),
    Code.XL_MISSING_SHEET: Entry(
        "Onglet manquant",
        "l'onglet « {sheet} » est introuvable. Onglets présents : {found}. Ne renommez pas "
        "et ne supprimez pas les onglets du questionnaire.",
    ),
    Code.XL_NO_METADATA: Entry(
        "Questionnaire non reconnu",
        "ce classeur n'est pas un questionnaire evalsoc (onglet caché « _evalsoc » absent ou "
        "vide ; onglets présents : {found}). Utilisez le questionnaire qui vous a été envoyé.",
    ),
    Code.XL_UNKNOWN_REFERENTIEL: Entry(
        "Référentiel inconnu",
        "le questionnaire a été produit pour le référentiel {ref}, qui n'est pas disponible "
        "ici. Référentiels connus : {known}.",
    ),
    Code.XL_OTHER_VERSION: Entry(
        "Autre version du référentiel",
        "le questionnaire a été produit pour {ref} (empreinte {expected}), mais ce "
        "référentiel a ici l'empreinte {actual} : il a été modifié depuis. Les réponses ne "
        "sont pas notées ; régénérez le questionnaire.",
    ),
    Code.XL_IDENTITY_MISMATCH: Entry(
        "Identité incohérente",
        "le questionnaire a été préparé pour la structure « {expected} », mais l'onglet "
        "Identification indique « {actual} » : copie du classeur d'une autre structure ? Il "
        "n'est ni noté ni enregistré, pour ne pas mêler les réponses de deux structures. "
        "Remettez l'identifiant « {expected} » si c'est bien elle ; sinon, utilisez le "
        "questionnaire de « {actual} ».",
    ),
    Code.XL_TOO_MANY_ROWS: Entry(
        "Lignes ignorées",
        "l'onglet compte {rows} lignes ; seules les {limit} premières sont lues (un "
        "questionnaire n'en a pas davantage). Supprimez les lignes ajoutées en bas.",
        warning=True,
    ),
    Code.XL_UNREADABLE: Entry(
        "Classeur illisible",
        "le classeur ne peut pas être lu ({detail}). Ouvrez-le dans votre tableur, "
        "réenregistrez-le en .xlsx et renvoyez-le.",
    ),
    Code.XL_DUPLICATE_PART: Entry(
        "Partie du classeur en double",
        "l'archive du classeur contient deux fois la partie « {part} » : un tableur n'en "
        "lirait qu'une, sans dire laquelle, et des réponses pourraient être cachées. Fichier "
        "refusé : ouvrez-le dans votre tableur, réenregistrez-le en .xlsx et renvoyez-le.",
    ),
    Code.XL_NO_FINGERPRINT: Entry(
        "Empreinte du référentiel absente",
        "l'onglet caché « _evalsoc » ne donne pas l'empreinte du référentiel {ref} pour "
        "lequel le questionnaire a été produit : impossible de vérifier que les questions "
        "sont bien celles de cette version. Les réponses ne sont pas notées ; utilisez le "
        "questionnaire envoyé par l'évaluateur, sans modifier ses onglets cachés.",
    ),
    Code.XL_FORMULA: Entry(
        "Formule dans une réponse",
        "la cellule contient une formule ({raw}) ; une réponse doit être saisie, pas "
        "calculée. Remplacez la formule par sa valeur (copier, collage spécial > valeurs).",
    ),
    Code.XL_ERROR_VALUE: Entry(
        "Erreur de tableur dans une réponse",
        "la cellule affiche l'erreur {raw}. Corrigez-la ou videz la cellule.",
    ),
    Code.XL_MERGED: Entry(
        "Cellules fusionnées",
        "les cellules {range} ont été fusionnées : seule la valeur de {cell} est lue. "
        "Annulez la fusion (Format > Fusionner les cellules).",
        warning=True,
    ),
    Code.XL_MISSING_QUESTION: Entry(
        "Question absente du classeur",
        "la question « {question} » ne se trouve plus dans l'onglet « {sheet} » (ligne ou "
        "colonne supprimée ?). Sa réponse est considérée comme manquante.",
        warning=True,
    ),
    Code.XL_DUPLICATE_QUESTION: Entry(
        "Question en double",
        "la question « {question} » apparaît plusieurs fois (aussi en {other}) ; seule la "
        "première est lue. Supprimez la ligne ou la colonne copiée.",
    ),
    Code.XL_PERCENT_READ: Entry(
        "Pourcentage interprété",
        "{raw} a été lu comme {value} % (question « {question} »). Saisissez les "
        "pourcentages sous la forme 35 % pour éviter toute ambiguïté.",
        warning=True,
    ),
    Code.XL_CHOICE_MARK: Entry(
        "Case à cocher illisible",
        "« {raw} » ne dit pas si le choix est retenu (question « {question} »). "
        "Mettez « X » pour un choix retenu, laissez vide sinon.",
    ),
    Code.XL_NO_ID_ROW: Entry(
        "Ligne des identifiants introuvable",
        "la ligne grise des identifiants de questions est introuvable dans l'onglet "
        "« {sheet} » : les réponses de ce groupe ne peuvent pas être lues. Ne supprimez pas "
        "la ligne 3 des grilles.",
    ),
    Code.XL_EMPTY_ROWS: Entry(
        "Lignes vides",
        "{count} ligne(s) vide(s) entre des répondants ont été ignorées.",
        warning=True,
    ),
    Code.XL_LEVEL: Entry(
        "Niveau de l'évaluateur illisible",
        "« {raw} » n'est pas un niveau. Choisissez un niveau dans la liste : {accepted}.",
    ),
    Code.XL_ORPHAN_INDIVIDUAL: Entry(
        "Questionnaire individuel sans sa structure",
        "ce questionnaire individuel se rattache à la structure « {structure} », dont le "
        "classeur n'est pas là : ses réponses ne comptent pour aucune structure tant qu'il "
        "n'est pas lu avec ce classeur (dans le même lot, ou enregistré dans la même "
        "campagne, où il rejoindra sa structure dès qu'elle y sera).",
        warning=True,
    ),
    Code.XL_DUPLICATE_STRUCTURE: Entry(
        "Structure en double dans le lot",
        "la structure « {structure} » a aussi un classeur dans ce lot ({other}) : les deux "
        "sont lus. Ne gardez que la version à jour.",
        warning=True,
    ),
    Code.XL_NO_STRUCTURE_ID: Entry(
        "Structure non identifiée",
        "l'identifiant de la structure est vide (onglet Identification) ; le classeur est "
        "enregistré sous « {structure} ». Renseignez l'identifiant donné par l'évaluateur.",
        warning=True,
    ),
    Code.XL_DUPLICATE_FORM: Entry(
        "Questionnaire individuel en double",
        "ce questionnaire individuel est une autre version de {other} (même questionnaire) : "
        "seule la version la plus récente compte. Ne gardez que celle-ci.",
        warning=True,
    ),
    Code.XL_COMMENT_FORMULA: Entry(
        "Formule dans un commentaire",
        "la cellule de commentaire contient une formule ou une erreur de tableur ({raw}) : "
        "elle n'est pas gardée comme commentaire. Écrivez le commentaire en toutes lettres.",
        warning=True,
    ),
    Code.XL_SHEET_EXTENT: Entry(
        "Onglet démesuré",
        "des cellules de l'onglet sont remplies jusqu'en {cell} ({rows} lignes sur {cols} "
        "colonnes depuis A1), bien au-delà de ce qu'un questionnaire contient : le fichier "
        "n'est pas lu. Supprimez les lignes et colonnes ajoutées après le questionnaire "
        "(ou videz la cellule {cell}), enregistrez et renvoyez le classeur.",
    ),
    Code.XL_INTERNAL: Entry(
        "Erreur interne",
        "la lecture de ce fichier a échoué sur une erreur inattendue ({detail}) ; les autres "
        "fichiers sont traités. Signalez-la avec le fichier.",
    ),
    Code.ANS_RESPONDENT_GROUP: Entry(
        "Groupe de répondants inconnu",
        "le répondant « {respondent} » appartient au groupe « {group} », inconnu de {ref}. "
        "Groupes : {known}.",
    ),
    Code.ANS_DUPLICATE_RESPONDENT: Entry(
        "Répondant en double",
        "l'identifiant de répondant « {respondent} » apparaît plusieurs fois : chaque "
        "répondant doit avoir son propre identifiant.",
    ),
    Code.ANS_SINGLE_RESPONDENT: Entry(
        "Un seul répondant attendu",
        "le groupe « {group} » n'a qu'un répondant (la structure elle-même), mais {count} "
        "sont déclarés : {respondents}. Gardez-en un seul.",
    ),
    Code.ANS_BLANK: Entry(
        "Questionnaire vide ou presque",
        "questionnaire vide ou presque : {filled} des {counted} {questions} ont une réponse "
        "({share}) ; il en faut au moins {minimum} pour l'évaluer. Il n'est ni noté, ni "
        "compté. Complétez-le (« ne sait pas » ou « non concerné » sont des réponses) et "
        "renvoyez-le.",
    ),
    Code.ANS_PARTIAL: Entry(
        "Questionnaire incomplet",
        "questionnaire incomplet : {filled} des {counted} {questions} ont une réponse "
        "({share}). Il est noté, mais les indicateurs des questions sans réponse manqueront "
        "(voir les avertissements ANS012).",
        warning=True,
    ),
    Code.ANS_COMMENT_ELSEWHERE: Entry(
        "Commentaire sans question",
        "un commentaire (« {raw} ») se rapporte à « {question} », qui n'est pas une question "
        "de {ref} posée au répondant « {respondent} » : il n'est pas gardé. Rattachez-le à "
        "la bonne question.",
        warning=True,
    ),
    Code.REF_BAD_OPTIONS: Entry(
        "Options incohérentes",
        "{detail}.",
    ),
    Code.REF_BOUNDS: Entry(
        "Bornes incohérentes",
        "la question « {question} » a un minimum ({low}) supérieur à son maximum ({high}).",
    ),
    Code.STR_UNREADABLE: Entry(
        "Fichier des structures illisible",
        "le fichier des structures ne peut pas être lu ({detail}). Enregistrez-le au format "
        "CSV, séparateur point-virgule ou virgule.",
    ),
    Code.STR_NO_ID_COLUMN: Entry(
        "Colonne structure_id absente",
        "le fichier des structures n'a pas de colonne « structure_id » (colonnes trouvées : "
        "{found}). La première ligne doit nommer les colonnes : structure_id;nom;departement;"
        "commune;discipline;territoire;taille;consentement.",
    ),
    Code.STR_MISSING_ID: Entry(
        "Identifiant de structure manquant",
        "la structure « {name} » n'a pas d'identifiant (colonne structure_id) : aucun "
        "questionnaire n'est créé pour elle. Donnez-lui un identifiant stable, par exemple "
        "S014.",
    ),
    Code.STR_DUPLICATE_ID: Entry(
        "Identifiant de structure en double",
        "l'identifiant « {id} » est déjà celui de la ligne {other} : cette ligne est ignorée. "
        "Donnez à chaque structure un identifiant unique (les majuscules ne comptent pas).",
    ),
    Code.STR_ENCODING: Entry(
        "Fichier lu en Windows-1252",
        "le fichier n'est pas en UTF-8 : il a été lu comme un export Excel « CSV » "
        "(Windows-1252). Vérifiez les accents des noms, ou enregistrez-le en « CSV UTF-8 ».",
        warning=True,
    ),
    Code.STR_CONSENT: Entry(
        "Consentement non reconnu",
        "« {raw} » n'est pas un choix de publication ({accepted}) : la case est laissée vide "
        "dans le questionnaire, la structure la choisira.",
        warning=True,
    ),
    Code.STR_EMPTY: Entry(
        "Aucune structure",
        "le fichier des structures ne contient aucune structure sous la ligne des titres "
        "de colonnes.",
    ),
    Code.STR_UNKNOWN_COLUMNS: Entry(
        "Colonnes ignorées",
        "les colonnes {columns} ne sont pas reconnues et sont ignorées. Colonnes lues : "
        "{known}.",
        warning=True,
    ),
    Code.QST_UNKNOWN_GROUP: Entry(
        "Groupe de répondants inconnu",
        "« {group} » n'est pas un groupe de {ref} qui peut répondre individuellement. "
        "Groupes possibles : {known}.",
    ),
    Code.QST_WRITE: Entry(
        "Questionnaire non écrit",
        "le questionnaire ne peut pas être écrit ({detail}). Vérifiez l'espace disque et les "
        "droits sur le dossier de sortie.",
    ),
    Code.QST_OUTPUT_DIR: Entry(
        "Dossier de sortie inutilisable",
        "le dossier « {folder} » ne peut pas être créé ou n'est pas un dossier ({detail}).",
    ),
    Code.QST_EXISTS: Entry(
        "Questionnaire déjà présent",
        "ce fichier existe déjà et n'a pas été remplacé (il a peut-être déjà été envoyé ou "
        "rempli). Utilisez --remplacer pour l'écraser.",
        warning=True,
    ),
    Code.DB_OTHER_REFERENTIEL: Entry(
        "Autre référentiel que la campagne",
        "le classeur suit {ref}, mais la campagne « {campaign} » suit {expected} : il n'est "
        "pas enregistré. Utilisez le questionnaire de cette campagne, ou une autre campagne.",
    ),
    Code.DB_STORE_VERSION: Entry(
        "Base trop récente",
        "la base {file} a été écrite par une version plus récente d'evalsoc ({detail}). "
        "Mettez evalsoc à jour.",
    ),
    Code.CON_DISAGREE: Entry(
        "Consentements différents",
        "le registre des structures donne le consentement « {registry} » pour « {structure} » "
        "et son classeur « {workbook} » : le plus strict, « {decided} », s'applique à la "
        "campagne « {campaign} ». Si la structure a changé d'avis, corrigez le registre ou "
        "le classeur et enregistrez-le à nouveau.",
        warning=True,
    ),
    Code.CON_UNREADABLE: Entry(
        "Consentement illisible",
        "la réponse « {raw} » à « Publication des résultats » n'est pas l'un de nominative, "
        "anonyme, aucune : elle compte comme « aucune » (résultats pour la seule fiche de la "
        "structure). Choisissez une valeur de la liste.",
        warning=True,
    ),
    Code.AUD_EXPOSED: Entry(
        "Valeur exposée",
        "{what} de « {structure} » se déduit des chiffres publiés : elle est forcément entre "
        "{low} et {high}, alors que la protection demande une incertitude allant de {need_low} "
        "à {need_high} (valeur vraie {value}). Chiffres en cause : {facts}.",
    ),
    Code.AUD_CLEAN: Entry(
        "Publication sûre",
        "aucune valeur non publiée ne se déduit des {facts} chiffres publiés ({values} "
        "valeurs vérifiées, protection de {protection}).",
    ),
    Code.AUD_UNFIXABLE: Entry(
        "Exposition déjà publiée",
        "{what} de « {structure} » se déduit de chiffres déjà publiés lors de la campagne "
        "« {previous} » : evalsoc n'a rien écrit de plus qui l'expose, mais ne peut pas "
        "retirer ce qui est déjà diffusé.",
        warning=True,
    ),
    Code.DB_IDENTITY: Entry(
        "Classeur d'une autre structure",
        "ce classeur a été préparé pour la structure « {structure} », mais son onglet "
        "Identification en nomme une autre : il n'est pas enregistré, pour ne pas remplacer "
        "les réponses de « {structure} ». Vérifiez de quelle structure il s'agit et "
        "utilisez son propre questionnaire.",
        stored_only=True,  # the reader refuses such a file itself now (XL014)
    ),
    Code.DB_OLDER_REPLACES: Entry(
        "Version plus ancienne enregistrée en dernier",
        "ce fichier (daté du {date}) remplace {other} (daté du {other_date}), enregistré "
        "lors d'un passage précédent, bien qu'il soit plus ancien : c'est le dernier "
        "enregistré qui compte. Si {other} était la bonne version, enregistrez-le de "
        "nouveau après ce fichier, ou relancez avec --version-de date.",
        warning=True,
    ),
    Code.DB_OLDER_KEPT: Entry(
        "Version plus ancienne écartée",
        "ce fichier (daté du {date}) est plus ancien que {other} (daté du {other_date}), "
        "déjà enregistré : avec --version-de date, il est conservé comme version "
        "remplacée et ne compte pas. Si c'est une correction, relancez sans "
        "--version-de date.",
        warning=True,
    ),
    Code.DB_SAME_RUN: Entry(
        "Deux versions dans le même passage",
        "{older} et {newer} sont deux versions de « {key} » dans ce passage : la plus "
        "récente par la date du fichier ({newer}, datée du {date}) compte, l'autre est "
        "conservée comme version remplacée.",
        warning=True,
    ),
    Code.DB_REFUSED_CORRECTED: Entry(
        "Fichier refusé, puis corrigé",
        "ce fichier a été refusé, mais {other} l'a remplacé depuis : il ne compte plus "
        "parmi les refus. Vous pouvez le retirer du dossier.",
        warning=True,
    ),
    Code.DB_REFUSED_AGAIN: Entry(
        "Fichier déjà refusé",
        "ce fichier a déjà été refusé, et aucune version corrigée n'est arrivée depuis : "
        "renvoyez-le corrigé (evalsoc check {file} dit ce qui ne va pas).",
    ),
    Code.DB_UNKNOWN_CAMPAIGN: Entry(
        "Campagne inconnue",
        "la campagne « {campaign} » n'existe pas dans {file}. Campagnes : {known}.",
    ),
    Code.ENV_NO_DB: Entry(
        "Base introuvable",
        "la base {file} n'existe pas. Indiquez-la avec --db, ou enregistrez d'abord les "
        "classeurs de la campagne (evalsoc ingest).",
    ),
    Code.ENV_DB_NOT_SQLITE: Entry(
        "Pas une base de données",
        "le fichier {file} n'est pas une base de données SQLite (ni une base evalsoc) : il "
        "n'a pas été ouvert ni modifié. Vérifiez le fichier donné à --db.",
    ),
    Code.ENV_DB_DAMAGED: Entry(
        "Base endommagée",
        "la base {file} est endommagée ({detail}) : elle n'a pas été modifiée. Reprenez sa "
        "dernière copie de sauvegarde, ou enregistrez de nouveau les classeurs dans une "
        "nouvelle base (evalsoc ingest … --db NOUVELLE.sqlite).",
    ),
    Code.ENV_DB_FOREIGN: Entry(
        "Base d'une autre application",
        "le fichier {file} est la base SQLite d'une autre application (tables : {tables}) : "
        "evalsoc ne l'a ouverte qu'en lecture et n'y a rien écrit. Donnez à --db une "
        "base evalsoc, ou un nouveau nom de fichier.",
    ),
    Code.ENV_DB_WAITING: Entry(
        "Base occupée : attente",
        "la base {file} est occupée par un autre programme (une autre commande evalsoc, "
        "un logiciel qui l'a ouverte) : attente de sa libération, {seconds} s au plus…",
        warning=True,
    ),
    Code.ENV_DB_BUSY: Entry(
        "Base occupée",
        "la base {file} est restée occupée par un autre programme pendant {seconds} s : "
        "rien n'a été écrit. Fermez le programme qui l'utilise, ou attendez la fin de "
        "l'autre commande, puis relancez (la variable EVALSOC_ATTENTE_BASE règle "
        "l'attente, en secondes).",
    ),
    Code.ENV_INGEST_WAITING: Entry(
        "Enregistrement en cours : attente",
        "un autre enregistrement est en cours dans la base {file} ({holder}) : attente "
        "de sa fin, {seconds} s au plus…",
        warning=True,
    ),
    Code.ENV_INGEST_BUSY: Entry(
        "Enregistrement déjà en cours",
        "un autre enregistrement (evalsoc ingest) est en cours dans la base {file} "
        "({holder}) et n'a pas fini après {seconds} s d'attente : cette commande n'a rien "
        "enregistré. Relancez-la quand l'autre aura fini : les fichiers déjà enregistrés "
        "seront reconnus.",
    ),
    Code.ENV_DB_PATH: Entry(
        "Base inaccessible",
        "la base {file} ne peut pas être ouverte ou créée ({detail}). Vérifiez le chemin "
        "donné à --db et les droits sur son dossier.",
    ),
    Code.ENV_OUTPUT: Entry(
        "Écriture impossible",
        "{file} ne peut pas être écrit ({detail}). Choisissez un autre emplacement, ou "
        "vérifiez les droits et la place libre.",
    ),
    Code.ENV_NO_WORKBOOK: Entry(
        "Aucun classeur trouvé",
        "aucun classeur trouvé dans {paths} (fichiers .xlsx, .xlsm, .xls ou .ods ; les "
        "dossiers sont parcourus avec leurs sous-dossiers) : rien n'a été fait. Vérifiez "
        "le chemin.",
    ),
    Code.ENV_NOT_REGULAR: Entry(
        "Pas un fichier ordinaire",
        "ce n'est pas un fichier ordinaire mais {kind} : il n'est pas lu (sa lecture "
        "pourrait ne jamais finir). Donnez le fichier lui-même.",
    ),
    Code.ENV_OVERWRITES_INPUT: Entry(
        "Sortie sur une entrée",
        "écrire {output} remplacerait {input}, un fichier lu par cette commande : rien "
        "n'a été écrit. Choisissez un autre fichier ou dossier de sortie.",
    ),
    Code.ENV_OUTPUT_CLASH: Entry(
        "Deux sorties au même endroit",
        "{first} et {second} seraient écrits au même endroit ({output}) : rien n'a été "
        "écrit. Choisissez un dossier de sortie à part, ou renommez l'un des fichiers.",
    ),
    Code.ENV_DB_EMPTY: Entry(
        "Base vide",
        "la base {file} est vide (aucune campagne enregistrée) : enregistrez d'abord des "
        "classeurs (evalsoc ingest … --db {file}).",
    ),
    Code.SUI_NOTHING: Entry(
        "Rien reçu",
        "aucun questionnaire reçu.",
    ),
    Code.SUI_REFUSED: Entry(
        "Questionnaire refusé",
        "questionnaire refusé ({count} erreur(s)), à corriger et renvoyer : {first}",
    ),
    Code.SUI_LAST_REFUSED: Entry(
        "Dernier envoi refusé",
        "le dernier envoi a été refusé ({count} erreur(s)) ; la version précédente "
        "compte encore : {first}",
    ),
    Code.SUI_TOO_FEW: Entry(
        "Trop peu de répondants",
        "trop peu de répondants pour évaluer certains indicateurs : {groups}.",
        warning=True,
    ),
    Code.SUI_NO_REGISTRY: Entry(
        "Pas de registre",
        "aucun registre des structures n'a été enregistré pour la campagne « {campaign} » "
        ": seules les structures qui ont envoyé un fichier sont listées. Donnez le "
        "registre avec --structures pour voir aussi celles qui n'ont rien envoyé.",
        warning=True,
    ),
    Code.SUI_UNATTACHED: Entry(
        "Fichiers sans structure",
        "{count} fichier(s) refusé(s) ne disent pas de quelle structure ils viennent "
        "(fichier vide, autre format…) : retrouvez l'expéditeur par le nom du fichier.",
        warning=True,
    ),
    Code.SUI_OUT_OF_REGISTRY: Entry(
        "Hors registre",
        "{count} structure(s) ont envoyé un fichier sans être au registre de la campagne : "
        "{ids}. Vérifiez leur identifiant, ou ajoutez-les au registre.",
        warning=True,
    ),
    Code.FIC_NO_DB: Entry(
        "Base introuvable",
        "la base {file} n'existe pas. Indiquez-la avec --db, ou enregistrez d'abord les "
        "classeurs de la campagne (evalsoc ingest).",
    ),
    Code.FIC_NO_STRUCTURE: Entry(
        "Aucune structure",
        "la campagne « {campaign} » n'a aucun questionnaire de structure valide : aucune "
        "fiche à produire. Enregistrez d'abord les classeurs (evalsoc ingest).",
    ),
    Code.FIC_UNKNOWN_STRUCTURE: Entry(
        "Structure sans questionnaire",
        "la structure « {id} » n'a pas de questionnaire valide dans la campagne "
        "« {campaign} » : pas de fiche. Structures de la campagne : {known}.",
    ),
    Code.FIC_FAILED: Entry(
        "Fiche non produite",
        "la fiche de la structure « {id} » n'a pas pu être produite ({detail}). Les autres "
        "fiches ne sont pas touchées ; relancez avec --debug et signalez l'erreur.",
    ),
    Code.FIC_OUTPUT_DIR: Entry(
        "Dossier de sortie inutilisable",
        "le dossier « {folder} » ne peut pas être créé ou n'est pas un dossier ({detail}). "
        "Choisissez un autre dossier avec -o.",
    ),
    Code.FIC_REFERENTIEL_CHANGED: Entry(
        "Référentiel modifié depuis la campagne",
        "la campagne « {campaign} » a été évaluée avec {ref} (empreinte {expected}), mais ce "
        "fichier a maintenant l'empreinte {actual} : les scores ne peuvent pas être "
        "recalculés à l'identique. Restaurez la version du référentiel de la campagne.",
    ),
    Code.FIC_WHY_NON_CONCERNE: Entry(
        "Non concerné",
        "ne s'applique pas à la structure (réponse « non concerné »).",
    ),
    Code.FIC_WHY_NE_SAIT_PAS: Entry(
        "Ne sait pas",
        "réponse « ne sait pas »{missing}.",
    ),
    Code.FIC_WHY_UNANSWERED: Entry(
        "Sans réponse",
        "pas de réponse{missing}.",
    ),
    Code.FIC_WHY_TOO_FEW: Entry(
        "Trop peu de répondants",
        "{n} réponse(s) utilisable(s) du groupe « {group} », il en faut au moins {minimum}.",
    ),
    Code.FIC_WHY_COVERAGE: Entry(
        "Couverture insuffisante",
        "seulement {share} de ce qui s'applique à la structure a un résultat, il en faut "
        "{required}.",
    ),
    Code.FIC_WHY_NOT_COMPUTABLE: Entry(
        "Non calculable",
        "calcul impossible avec les chiffres donnés ({detail}).",
    ),
    Code.FIC_WHY_MISSING: Entry(
        "Questions sans réponse utilisable",
        " {questions}",
    ),
    Code.FIC_MEDIAN_MASKED: Entry(
        "Médiane masquée",
        "médiane non publiée ({motif})",
    ),
    Code.FIC_PLAN_DATE: Entry(
        "Échéance illisible",
        "« {raw} » n'est pas une échéance. Écrivez une date (30/06/2027) ou un mois "
        "(06/2027, juin 2027), ou laissez la case vide.",
    ),
    Code.FIC_PLAN_STATUS: Entry(
        "Statut inconnu",
        "« {raw} » n'est pas un statut de piste. Choisissez dans la liste : {accepted} ; "
        "ou laissez la case vide.",
    ),
    Code.FIC_PLAN_NO_PISTE: Entry(
        "Piste manquante",
        "cette ligne du plan d'action a un responsable, une échéance, un indicateur ou un "
        "statut, mais pas de piste. Écrivez la piste en colonne B, ou videz la ligne.",
    ),
    Code.FIC_PLAN_TOO_LONG: Entry(
        "Texte trop long",
        "ce texte fait {length} caractères, plus que les {limit} qu'une fiche peut "
        "montrer. Raccourcissez-le (il n'est pas coupé sans vous).",
    ),
    Code.COL_SIDE_BY_SIDE_REFUSED: Entry(
        "Profils côte à côte non publiés",
        "Les profils ne sont pas présentés côte à côte : {count} du collectif {verb} pas "
        "consenti à être nommée{plural} dans les rapports de la campagne, et une comparaison "
        "structure par structure demande l'accord de toutes (consentement « nominative »).",
    ),
    Code.COL_MOTIF_NOT_NAMED: Entry(
        "Motif de masquage",
        "la structure n'a pas consenti à être nommée",
    ),
    Code.COL_NOT_EVALUABLE: Entry(
        "Dimension non évaluable",
        "n.é.",
    ),
    Code.STAT_MISSING_COLUMNS: Entry(
        "Colonnes manquantes",
        "le tableau « {table} » n'a pas la ou les colonnes {columns} (colonnes présentes : "
        "{found}). Produisez-le avec le magasin evalsoc ou ajoutez ces colonnes (voir "
        "docs/statistiques.md).",
    ),
    Code.STAT_UNKNOWN_BY: Entry(
        "Regroupement impossible",
        "« {column} » n'est pas une colonne du registre des structures ; colonnes "
        "disponibles : {known}.",
    ),
    Code.STAT_BY_CONFLICT: Entry(
        "Regroupement ambigu",
        "« {column} » est à la fois une colonne du registre et une colonne du tableau "
        "« {table} » : renommez-la dans le registre avant de l'utiliser comme regroupement.",
    ),
    Code.STAT_UNKNOWN_CAMPAIGN: Entry(
        "Campagne inconnue",
        "la campagne « {campagne} » n'a aucun score. Campagnes présentes : {known}.",
    ),
    Code.STAT_DUPLICATE_ROWS: Entry(
        "Lignes en double",
        "le tableau « {table} » a {count} ligne(s) en double pour ({keys}), par exemple "
        "{example} : chaque combinaison ne doit figurer qu'une fois.",
    ),
    Code.STAT_NODE_KIND: Entry(
        "Type de nœud inconnu",
        "« {nodes} » n'est pas un choix de nœuds possible. Choix : {known}.",
    ),
    Code.STAT_NOTE_PRIMARY: Entry(
        "Seuil de diffusion",
        "Aucune case n'est publiée si elle repose sur moins de {n} structures, ou si elle "
        "réunit des structures nommées et moins de {n} structures non nommées (la "
        "différence désignerait celles-ci).",
    ),
    Code.STAT_NOTE_ORDER: Entry(
        "Médianes et quartiles",
        "Une médiane n'est publiée qu'à partir de {median} structures non nommées, les "
        "quartiles et les répartitions par niveau à partir de {quartiles} ; aucun minimum "
        "ni maximum n'est publié : chacun serait le résultat d'une structure.",
    ),
    Code.STAT_NOTE_AUDIT: Entry(
        "Vérification d'ensemble",
        "Tous les chiffres publiés pour cette campagne (exports, synthèse, médianes des "
        "fiches{previous}) ont été vérifiés ensemble : aucun résultat non publié d'une "
        "structure ne peut en être déduit à moins de {protection} près.",
    ),
    Code.STAT_NOTE_LEFT_OUT: Entry(
        "Structures sans accord de publication",
        "{count} sans accord de publication (consentement « aucune ») : leurs "
        "résultats ne servent qu'à leur propre fiche et n'entrent dans aucun chiffre de "
        "ce document.",
    ),
    Code.STAT_NOTE_CONSENTS: Entry(
        "Structures comptées",
        "Les chiffres portent sur {count} : {named} avec leur nom (consentement "
        "« nominative »), {anonymous} sans ligne à leur nom (consentement « anonyme »).",
    ),
    Code.STAT_NOTE_UNFIXABLE: Entry(
        "Exposition antérieure",
        "{count} résultat(s) de structures se déduisaient déjà de la publication de la "
        "campagne « {previous} » : rien de ce qui est publié ici ne les précise davantage.",
        warning=True,
    ),
    Code.STAT_MOTIF_AUDIT: Entry("Motif de masquage", "vérification d'ensemble"),
    Code.STAT_MOTIF_FEW_UNNAMED: Entry("Motif de masquage",
                                       "moins de {n} structures non nommées"),
    Code.STAT_NOTE_DOMINANCE: Entry(
        "Règle de dominance",
        "Un total est masqué lorsqu'une seule structure en représente plus de {share}.",
    ),
    Code.STAT_NOTE_SECONDARY: Entry(
        "Masquage secondaire",
        "D'autres cases sont masquées (masquage secondaire) pour qu'aucune case masquée ne "
        "puisse être recalculée à partir des cases publiées et de la ligne « Ensemble ».",
    ),
    Code.STAT_NOTE_LOWERED: Entry(
        "Seuil abaissé",
        "Seuil abaissé à {n} structures à la demande de l'utilisateur : risque de "
        "divulgation (l'usage du secret statistique est de {default} structures au moins).",
        warning=True,
    ),
    Code.STAT_NOTE_RAISED: Entry(
        "Seuil relevé",
        "Seuil relevé à {n} structures à la demande de l'utilisateur (plus prudent que "
        "l'usage de {default} structures).",
    ),
    Code.STAT_NOTE_NO_SECRECY: Entry(
        "Secret statistique désactivé",
        "Secret statistique désactivé (seuil de 1 structure) : les résultats d'une seule "
        "structure peuvent apparaître dans une case. Ne diffusez pas ce tableau.",
        warning=True,
    ),
    Code.STAT_NOTE_DOMINANCE_LOOSER: Entry(
        "Seuil de dominance relevé",
        "Seuil de dominance relevé à {share} à la demande de l'utilisateur : risque de "
        "divulgation (l'usage est {default}).",
        warning=True,
    ),
    Code.STAT_NOTE_DOMINANCE_OFF: Entry(
        "Règle de dominance désactivée",
        "Règle de dominance désactivée à la demande de l'utilisateur : un total peut "
        "révéler le chiffre d'une structure qui y pèse presque seule. Risque de divulgation.",
        warning=True,
    ),
    Code.STAT_MOTIF_PRIMARY: Entry("Motif de masquage", "moins de {n} structures"),
    Code.STAT_MOTIF_DOMINANCE: Entry(
        "Motif de masquage", "une structure pèse plus de {share} du total"),
    Code.STAT_MOTIF_SECONDARY: Entry("Motif de masquage", "masquage secondaire"),
    Code.STAT_LABEL_ALL: Entry("Libellé", "Ensemble"),
    Code.STAT_LABEL_MISSING: Entry("Libellé", "Non renseigné"),
    Code.EXP_SEVERAL: Entry(
        "Plusieurs structures",
        "ces classeurs sont ceux de plusieurs structures ({structures}) : précisez "
        "laquelle expliquer avec --structure ID.",
    ),
    Code.EXP_NOT_THERE: Entry(
        "Structure absente des classeurs",
        "la structure « {structure} » n'a pas de classeur parmi ceux donnés. Structures "
        "trouvées : {known}.",
    ),
    Code.EXP_NO_STRUCTURE: Entry(
        "Aucune structure à expliquer",
        "{files} : aucun classeur de structure, rien à expliquer. Donnez le classeur de la "
        "structure (avec ses classeurs individuels s'il y en a).",
    ),
    Code.EXP_NOT_STORED: Entry(
        "Structure sans questionnaire valide",
        "la structure « {structure} » n'a pas de questionnaire valide dans la campagne "
        "« {campaign} » : rien à expliquer. Structures de la campagne : {known}.",
    ),
    Code.EXP_SOURCES: Entry(
        "Que faut-il expliquer ?",
        "donnez une seule source : des classeurs (CLASSEURS), un fichier de réponses "
        "(--answers F.json) ou une structure enregistrée (--campagne NOM --structure ID).",
    ),
    Code.SCO_ANSWERS_DIR: Entry(
        "Dossier des réponses inutilisable",
        "les réponses ne peuvent pas être écrites dans « {folder} » ({detail}). Choisissez "
        "un autre dossier avec --reponses.",
    ),
    Code.GOLD_MISMATCH: Entry(
        "Exemple de référence faux",
        "l'exemple « {example} » attend {expected} pour « {node} », le calcul donne {actual}.",
    ),
    Code.GOLD_UNREADABLE: Entry(
        "Exemple de référence illisible",
        "l'exemple « {example} » ne peut pas être lu : {detail}.",
    ),
    Code.GOLD_MISSING: Entry(
        "Aucun exemple de référence",
        "le référentiel n'a aucun exemple de référence (fichiers "
        "referentiels/<id>/examples/<version>/*.json) : ajoutez-en au moins un avec ses "
        "scores attendus.",
    ),
    Code.SEN_UNKNOWN_STRUCTURE: Entry(
        "Structure inconnue",
        "la structure « {id} » n'a pas de score dans la campagne « {campaign} ». "
        "Structures de la campagne : {known}.",
    ),
    Code.SEN_POLICY: Entry(
        "Politique « non concerné » inconnue",
        "--politiques : « {value} » n'est pas une politique « non concerné ». Politiques "
        "possibles : exclude (écarté du calcul), zero (compté 0), max (compté 100), "
        "séparées par des virgules.",
    ),
    Code.SEN_WORKING: Entry(
        "Document de travail",
        "document de travail du consultant : ces chiffres portent sur toutes les "
        "structures évaluées, sans secret statistique ; ne les diffusez pas. La synthèse "
        "publie les intervalles des médianes, vérifiés avec le reste (evalsoc audit).",
        warning=True,
    ),
    Code.SEN_EMPTY: Entry(
        "Aucune structure notée",
        "la campagne « {campaign} » n'a aucune structure notée : aucune variante à "
        "calculer. Enregistrez d'abord les classeurs (evalsoc ingest).",
    ),
    Code.SEN_OUTPUT: Entry(
        "Fichier de sortie",
        "« {file} » : seul le format .xlsx est pris en charge (un onglet par tableau). "
        "Donnez un nom qui finit par .xlsx.",
    ),
    Code.VER_PREVIOUS_UNKNOWN: Entry(
        "Version précédente introuvable",
        "la table de correspondance part de {ref}, qui n'est pas disponible ici. Versions "
        "connues : {known}. Corrigez « previous » ou ajoutez le fichier de cette version.",
    ),
    Code.VER_OLD_UNKNOWN: Entry(
        "Élément inconnu de la version précédente",
        "« {id} » n'est pas {what} de {ref}. Corrigez l'identifiant dans « old ».",
    ),
    Code.VER_NEW_UNKNOWN: Entry(
        "Élément inconnu de cette version",
        "« {id} » n'est pas {what} de {ref}. Corrigez l'identifiant dans « new ».",
    ),
    Code.VER_OLD_UNCLASSIFIED: Entry(
        "Élément non classé",
        "aucune ligne de la table de correspondance ne classe {what} « {id} » de {ref}. "
        "Dites ce qu'en fait cette version : same, renamed, reworded, rescaled, split, "
        "merged ou dropped.",
    ),
    Code.VER_NEW_UNCLASSIFIED: Entry(
        "Élément non classé",
        "aucune ligne de la table de correspondance ne classe {what} « {id} ». Dites d'où "
        "cet élément vient (same, renamed, reworded, rescaled, split, merged) ou qu'il est "
        "nouveau (new).",
    ),
    Code.VER_TWICE: Entry(
        "Élément classé deux fois",
        "« {id} » figure dans deux lignes de la table de correspondance ({other}). Un "
        "élément n'est classé qu'une fois (seul « split » peut répéter l'ancien élément, "
        "une ligne par partie).",
    ),
    Code.VER_SHAPE: Entry(
        "Ligne de correspondance mal formée",
        "un changement « {change} » demande {rule} ; reçu old : {old}, new : {new}.",
    ),
    Code.VER_MAPPING_HERE: Entry(
        "Conversion inattendue",
        "« {field} » n'a pas de sens pour {what} (changement « {change} ») : {rule}. "
        "Retirez-le.",
    ),
    Code.VER_NOT_UNCHANGED: Entry(
        "Changement non déclaré",
        "« {id} » est déclaré « {change} », mais {detail} a changé entre {old} et {new}. "
        "Déclarez-le « rescaled » (avec sa correspondance si ses réponses changent), ou "
        "rétablissez l'ancienne valeur.",
    ),
    Code.VER_REWORDED: Entry(
        "Libellé changé",
        "« {id} » est déclaré « same », mais son libellé a changé (« {old} » → « {new} »). "
        "Déclarez-le « reworded ».",
    ),
    Code.VER_OPTION_MAP: Entry(
        "Correspondance des réponses incomplète",
        "« {old} » → « {new} » : {detail}. Réponses de « {new} » : {known}. Complétez "
        "« options » (null : sans équivalent).",
    ),
    Code.VER_CONVERSION: Entry(
        "Conversion impossible",
        "« {old} » → « {new} » : {detail}.",
    ),
    Code.VER_GROUP_CHANGED: Entry(
        "Groupe de répondants changé",
        "« {old} » est posée au groupe « {old_group} », « {new} » au groupe "
        "« {new_group} » : les réponses d'un répondant ne passent pas d'un groupe à "
        "l'autre. Déclarez « {new} » nouvelle et « {old} » supprimée (dropped).",
    ),
    Code.VER_PREVIOUS_NOT_OLDER: Entry(
        "Version précédente plus récente",
        "la table de correspondance de {ref} part de la version {previous}, qui n'est pas "
        "antérieure. Indiquez dans « previous » la version qui précède celle-ci.",
    ),
    Code.VER_PREVIOUS_INVALID: Entry(
        "Version précédente invalide",
        "la version précédente {ref} a {count} erreur(s) : vérifiez-la d'abord "
        "(evalsoc referentiel check {ref}).",
    ),
    Code.VER_NO_PATH: Entry(
        "Aucune correspondance entre ces versions",
        "aucune table de correspondance ne mène de {old} à {new} ({detail}). Une version "
        "déclare sa correspondance avec la précédente (« crosswalk ») ; on ne revient pas "
        "en arrière.",
    ),
    Code.VER_LATE_WORKBOOK: Entry(
        "Questionnaire d'une version précédente",
        "ce questionnaire a été produit pour {old}, la campagne « {campaign} » suit {new} : "
        "ses réponses sont lues à travers la table de correspondance ({detail}).",
        warning=True,
    ),
    Code.VER_NOT_CARRIED: Entry(
        "Réponses sans équivalent",
        "{count} réponse(s) de {old} n'ont pas d'équivalent dans {new} ({detail}) : elles "
        "restent enregistrées telles quelles, mais ne comptent pas dans les scores.",
        warning=True,
    ),
    Code.VER_VALUE_REFUSED: Entry(
        "Réponse convertie hors limites",
        "la réponse {raw} à « {old} », convertie en {value} pour « {new} », n'est pas "
        "acceptée par {ref} ({detail}) : elle ne compte pas.",
        warning=True,
    ),
    Code.VER_CROSSWALK_INVALID: Entry(
        "Table de correspondance invalide",
        "la table de correspondance de {ref} a {count} erreur(s) : corrigez-la d'abord "
        "(evalsoc referentiel check {ref}).",
    ),
    Code.VER_STORED_VERSION: Entry(
        "Version enregistrée introuvable ou modifiée",
        "les réponses enregistrées suivent {ref} (empreinte {expected}), {detail}. "
        "Remettez ce fichier dans le dossier des référentiels.",
    ),
    Code.VER_LATER_WORKBOOK: Entry(
        "Questionnaire d'une version ultérieure",
        "ce questionnaire suit {new}, la campagne « {campaign} » suit encore {old} : il "
        "n'est pas enregistré. Recalculez d'abord la campagne sous la nouvelle version "
        "(evalsoc migrate --campagne {campaign} --vers {new}), puis enregistrez-le.",
    ),
    Code.VER_ALREADY: Entry(
        "Déjà dans cette version",
        "la campagne « {campaign} » suit déjà {ref} : rien à recalculer.",
        warning=True,
    ),
    Code.VER_NOTHING_TO_UNDO: Entry(
        "Rien à annuler",
        "la campagne « {campaign} » n'a jamais été recalculée (evalsoc migrate) : elle "
        "suit {ref}, telle qu'enregistrée.",
    ),
    Code.VER_UNDO_BLOCKED: Entry(
        "Annulation impossible",
        "{count} questionnaire(s) de la campagne « {campaign} » ont été enregistrés sous "
        "{new} depuis le recalcul ({files}) : ils n'ont pas de scores sous {old}. Retirez-les "
        "de la campagne ou gardez {new}.",
    ),
    Code.VER_BACKWARDS: Entry(
        "Retour à une version antérieure",
        "la campagne « {campaign} » suit {current} ; {target} est antérieure. Pour revenir "
        "aux scores d'avant un recalcul : evalsoc migrate --campagne {campaign} --annuler.",
    ),
    Code.VER_OTHER_REFERENTIEL: Entry(
        "Autre référentiel",
        "la campagne « {campaign} » suit {current}, qui n'est pas une version de "
        "« {target} » : une campagne ne change que de version, pas de référentiel.",
    ),
    Code.VER_NOTE_NOT_COMPARED: Entry(
        "Versions différentes : pas de comparaison",
        "La campagne « {before} » suit {before_ref} et « {after} » suit {after_ref} : "
        "leurs scores ne sont pas comparés. Pour les comparer, recalculez « {before} » "
        "dans la nouvelle version : evalsoc migrate --campagne {before} --vers {after_ref}.",
        warning=True,
    ),
    Code.VER_NOTE_MIGRATED: Entry(
        "Scores recalculés",
        "Les scores de « {campaign} » ont été recalculés de {origin} vers {ref} à partir "
        "des réponses enregistrées (evalsoc migrate) : la comparaison se fait sous {ref}.",
    ),
    Code.VER_NOTE_BREAKS: Entry(
        "Ruptures de série",
        "Rupture de série, non comparé : {nodes}.",
        warning=True,
    ),
    Code.VER_NOTE_CONVERTED: Entry(
        "Comparable après conversion",
        "Comparé après conversion des réponses de {origin} : {nodes}.",
    ),
    Code.VER_NOTE_FICHE: Entry(
        "Campagne précédente",
        "Campagne « {campaign} » : {detail}.",
    ),
    Code.VER_FLAG_COMPARABLE: Entry("Série", "comparable"),
    Code.VER_FLAG_CONVERSION: Entry("Série", "comparable après conversion"),
    Code.VER_FLAG_RUPTURE: Entry("Série", "rupture de série"),
    Code.VER_KIND_SAME: Entry("Changement", "inchangé"),
    Code.VER_KIND_RENAMED: Entry("Changement", "renommé"),
    Code.VER_KIND_REWORDED: Entry("Changement", "reformulé"),
    Code.VER_KIND_RESCALED: Entry("Changement", "changé d'échelle ou de règle"),
    Code.VER_KIND_SPLIT: Entry("Changement", "scindé"),
    Code.VER_KIND_MERGED: Entry("Changement", "fusionné"),
    Code.VER_KIND_DROPPED: Entry("Changement", "supprimé"),
    Code.VER_KIND_NEW: Entry("Changement", "nouveau"),
    Code.VER_CAUSE_NEW: Entry("Cause", "la question « {question} » est nouvelle"),
    Code.VER_CAUSE_SPLIT: Entry(
        "Cause", "la question « {question} » vient de « {source} », scindée sans "
                 "correspondance des réponses"),
    Code.VER_CAUSE_CONVERTED: Entry(
        "Cause", "les réponses à « {question} » sont converties ({change})"),
    Code.VER_CAUSE_RULE: Entry("Cause", "{change} dans cette version"),
    Code.VER_CAUSE_CHILD: Entry("Cause", "« {child} » : {cause}"),
    Code.VER_CAUSE_RECONSTRUCTED: Entry(
        "Cause", "nouveau nœud, reconstitué à partir des réponses de la version précédente"),
    Code.QLIB_UNKNOWN: Entry(
        "Question partagée inconnue",
        "« use » cite la question partagée « {name} », absente de la bibliothèque {library} "
        "(questions partagées : {known}). Corrigez le nom, ou ajoutez la question à la "
        "bibliothèque.",
    ),
    Code.QLIB_REDEFINED: Entry(
        "Question partagée redéfinie",
        "« {key} » ne peut pas accompagner « use: {name} » : une question partagée se "
        "reprend telle que la bibliothèque {library} la définit, pour être la même partout. "
        "Retirez ce champ, ou définissez une question à part (un autre identifiant).",
    ),
    Code.QLIB_LINE_ID: Entry(
        "Identifiant de ligne différent",
        "la ligne « {line_id} » reprend la question partagée « {name} » : son identifiant "
        "doit être « {name} » (ou omis), pour que la question soit la même partout.",
    ),
    Code.QLIB_LIBRARY: Entry(
        "Bibliothèque de questions illisible",
        "la bibliothèque de questions partagées {file} ne se lit pas : {detail}. Corrigez-la "
        "(format décrit dans docs/referentiels.md).",
    ),
    Code.QLIB_MISMATCH: Entry(
        "Question partagée recopiée autrement",
        "la question « {question} » porte l'identifiant d'une question partagée de {library} "
        "sans la reprendre à l'identique ({fields} diffère(nt)) : une campagne qui pose ce "
        "référentiel avec un autre ne pourrait pas la poser une seule fois. Écrivez « use: "
        "{question} » dans une prochaine version.",
        warning=True,
    ),
    Code.QLIB_BUNDLE_TWICE: Entry(
        "Référentiel demandé deux fois",
        "{ref} et {other} sont deux versions du même référentiel : une campagne n'en pose "
        "qu'une. Gardez-en une seule.",
    ),
    Code.QLIB_BUNDLE_QUESTION: Entry(
        "Question commune différente",
        "la question « {question} » est posée par {first} et par {second}, mais pas "
        "identiquement ({fields} diffère(nt)) : elle ne peut pas être posée une seule fois. "
        "Les deux référentiels doivent la reprendre de la bibliothèque (« use »).",
    ),
    Code.QLIB_BUNDLE_GROUP: Entry(
        "Groupe de répondants incompatible",
        "le groupe « {group} » n'a pas les mêmes règles dans {first} et dans {second} "
        "(réponse unique ou multiple, minimum de répondants) : ces référentiels ne se "
        "posent pas ensemble.",
    ),
    Code.QLIB_BUNDLE_SCALE: Entry(
        "Échelle homonyme",
        "l'échelle « {scale} » n'est pas la même dans {first} et dans {second} : ces "
        "référentiels ne se posent pas ensemble.",
    ),
    Code.QLIB_BUNDLE_PROFILES: Entry(
        "Deux profils d'utilité sociale",
        "{first} et {second} ont chacun des dimensions d'utilité sociale : une campagne pose "
        "un seul profil, avec autant de diagnostics que voulu. Gardez-en un.",
    ),
    Code.QLIB_BUNDLE_ONE: Entry(
        "Combinaison d'un seul référentiel",
        "« {ref} » ne combine qu'un référentiel : séparez les référentiels par « + » "
        "(par exemple ardes-culture+autodiag-financier).",
    ),
    Code.QLIB_CAMPAIGN_VERSION: Entry(
        "Autre version d'un référentiel de la campagne",
        "le classeur suit {ref}, mais la campagne « {campaign} » pose {expected} : il n'est "
        "pas enregistré. Utilisez les questionnaires de cette campagne, ou une autre campagne.",
    ),
    Code.QLIB_CAMPAIGN_DROPPED: Entry(
        "Référentiel abandonné par la nouvelle version",
        "ce classeur remplace celui de la structure « {structure} » ({previous}), qui "
        "portait aussi {dropped} : ces résultats-là ne comptent plus pour la structure. "
        "Si c'est une erreur, enregistrez à nouveau un classeur qui les porte tous.",
        warning=True,
    ),
    Code.FIN_SCHEMA: Entry(
        "Diagnostic incohérent",
        "{detail}.",
    ),
    Code.FIN_NAME: Entry(
        "Nom inconnu dans une expression",
        "l'expression « {expression} » cite « {name} », qui n'est ni une ligne, ni un "
        "agrégat, ni un indicateur déjà défini, ni un paramètre ({hint}).",
    ),
    Code.FIN_ORDER: Entry(
        "Indicateur cité avant d'être défini",
        "l'expression « {expression} » cite « {name} », défini plus loin : un indicateur ne "
        "lit que les lignes, les agrégats et les indicateurs qui le précèdent. Déplacez-le.",
    ),
    Code.FIN_DUPLICATE: Entry(
        "Identifiant en double",
        "l'identifiant « {id} » est déjà utilisé ({other}) : chaque période, ligne, "
        "paramètre, agrégat et indicateur a le sien.",
    ),
    Code.FIN_PERIOD_REF: Entry(
        "Période inconnue",
        "« {period} » n'est pas une période du diagnostic (périodes : {known}).",
    ),
    Code.FIN_SECTOR: Entry(
        "Publication sectorielle incohérente",
        "la publication sectorielle cite « {name} », qui n'est pas un indicateur {what}.",
    ),
    Code.FIN_NO_PERIOD_ROW: Entry(
        "Ligne des exercices introuvable",
        "l'onglet « {sheet} » n'a plus la ligne qui nomme les exercices ({expected}) : ses "
        "colonnes ne peuvent pas être lues. Reprenez l'onglet du questionnaire d'origine.",
    ),
    Code.FIN_MISSING_LINE: Entry(
        "Ligne absente de l'onglet",
        "la ligne « {line} » ({label}) ne se trouve plus dans l'onglet « {sheet} » (ligne "
        "supprimée ?). Ses montants sont considérés comme manquants.",
        warning=True,
    ),
    Code.FIN_CHECK: Entry(
        "Comptes incohérents",
        "{check}, exercice {period} : {left_label} vaut {left}{left_cell}, mais {right_label} "
        "donne {right} (écart de {gap}, tolérance {tolerance}). {fix} Rien n'a été corrigé.",
    ),
    Code.FIN_BLANK_LINES: Entry(
        "Lignes vides dans des comptes remplis",
        "exercice {period}, « {section} » : {count} ligne(s) vide(s) ({lines}) alors que "
        "d'autres sont remplies. Saisissez 0 pour un compte sans montant : une case vide est "
        "une donnée manquante, et les ratios qui la lisent ne sont pas calculés.",
        warning=True,
    ),
    Code.FIN_PERIOD_EMPTY: Entry(
        "Exercice non renseigné",
        "aucun chiffre pour l'exercice {period} dans l'onglet « {sheet} » : ses ratios, et "
        "les règles qui le lisent, ne seront pas calculés. Saisissez ses comptes s'ils "
        "existent.",
        warning=True,
    ),
    Code.FIN_WHY_MISSING: Entry(
        "Donnée manquante",
        "donnée manquante pour l'exercice {period} : {lines}",
    ),
    Code.FIN_WHY_SECTION: Entry(
        "Partie des comptes non renseignée",
        "{sections} non renseigné(s) pour l'exercice {period}",
    ),
    Code.FIN_WHY_PERIOD: Entry(
        "Exercice non renseigné",
        "pas de comptes pour l'exercice {period}",
    ),
    Code.FIN_WHY_ZERO: Entry(
        "Division par zéro",
        "division par zéro pour l'exercice {period} ({detail})",
    ),
    Code.FIN_WHY_DEPENDS: Entry(
        "Calcul en amont impossible",
        "{name} non calculable pour l'exercice {period} : {reason}",
    ),
    Code.FIN_WHY_ERROR: Entry(
        "Calcul impossible",
        "calcul impossible pour l'exercice {period} : {detail} dans « {formula} »",
    ),
    Code.FIN_RULE_FORMULA: Entry(
        "Calcul",
        "« {formula} » avec {values} = {value}",
    ),
    Code.FIN_RULE_BAND: Entry(
        "Bande",
        "{color} : « {when} »{parameters}",
    ),
    Code.FIN_RULE_SKIPPED: Entry(
        "Condition non évaluée",
        "condition « {when} » non évaluée ({missing} inconnu)",
    ),
    Code.FIN_RULE_NO_BAND: Entry(
        "Aucune bande",
        "aucune bande ne s'applique à {value} : repère non défini pour ce cas",
    ),
    Code.FIN_GOLD_MISMATCH: Entry(
        "Exemple de référence faux",
        "l'exemple « {example} » attend {expected} pour « {key} », le calcul donne {actual}.",
    ),
    Code.OPP_UNKNOWN_BLOCK: Entry(
        "Bloc inconnu",
        "la section « observation » cite le bloc « {block} », qui n'est pas une dimension du "
        "référentiel (dimensions : {known}) : corrigez son identifiant.",
    ),
    Code.OPP_UNKNOWN_QUESTION: Entry(
        "Question inconnue dans l'observation",
        "la section « observation » cite « {question} » ({where}), qui n'est pas une question "
        "d'un bloc du référentiel : corrigez l'identifiant ou ajoutez la question à un bloc.",
    ),
    Code.OPP_NOT_ADDITIVE: Entry(
        "Quantité qui ne s'additionne pas",
        "« {question} » est déclarée additive mais c'est une question de type {type} : "
        "seuls des nombres, des entiers et des montants se somment (jamais une part en %) ; "
        "retirez-la de « additive ».",
    ),
    Code.OPP_TYPOLOGY: Entry(
        "Typologie impossible",
        "la typologie cite « {question} », de type {type} : une ventilation se fait sur une "
        "question à choix unique ; choisissez-en une.",
    ),
    Code.OPP_SCORED: Entry(
        "Indicateur noté dans une observation",
        "l'indicateur « {node} » est noté (méthode {method}) : un référentiel d'observation ne "
        "note rien ; donnez-lui la méthode de notation « informational ».",
    ),
    Code.OPP_NOT_OBSERVATION: Entry(
        "Pas une observation",
        "la campagne « {campaign} » suit {ref}, qui n'est pas un référentiel d'observation : "
        "son rapport est la synthèse sectorielle (evalsoc report sector --campagne "
        "{campaign}).",
    ),
    Code.OPP_USE_OBSERVATION: Entry(
        "Campagne d'observation",
        "la campagne « {campaign} » suit {ref}, un référentiel d'observation qui ne note "
        "rien : son rapport est celui de l'observation (evalsoc report observation "
        "--campagne {campaign}).",
    ),
    Code.RUR_UNREADABLE: Entry(
        "Table de densité illisible",
        "la table de densité ne se lit pas ({detail}) : vérifiez le chemin donné à "
        "--densite.",
    ),
    Code.RUR_EMPTY: Entry(
        "Table de densité vide",
        "la table de densité ne contient aucune commune : donnez le fichier de la grille "
        "communale de densité de l'INSEE (colonnes CODGEO et DENS).",
    ),
    Code.RUR_NO_COLUMNS: Entry(
        "Colonnes de la table de densité introuvables",
        "aucune ligne d'en-tête ne nomme le code de la commune (CODGEO) et son niveau de "
        "densité (DENS) ; colonnes lues : {found}. Enregistrez le fichier de l'INSEE au "
        "format CSV sans le modifier.",
    ),
    Code.RUR_BAD_CODE: Entry(
        "Code de commune illisible",
        "« {raw} » n'est pas un code de commune de l'INSEE (5 caractères, 2A ou 2B pour la "
        "Corse) : la ligne est ignorée ; corrigez le code.",
        warning=True,
    ),
    Code.RUR_BAD_LEVEL: Entry(
        "Niveau de densité illisible",
        "la commune {commune} a le niveau « {raw} », qui n'est pas un niveau de la grille "
        "(1 à 7) : la ligne est ignorée ; corrigez le niveau.",
        warning=True,
    ),
    Code.RUR_DUPLICATE: Entry(
        "Commune en double",
        "la commune {commune} figure déjà ligne {other} avec un autre niveau (ici « {raw} ») :"
        " la première ligne est gardée ; supprimez le doublon.",
        warning=True,
    ),
    Code.RUR_ENCODING: Entry(
        "Encodage de la table de densité",
        "la table de densité n'est pas en UTF-8 : elle est lue comme un fichier Windows ; "
        "vérifiez les noms accentués.",
        warning=True,
    ),
    Code.RUR_NOT_IN_TABLE: Entry(
        "Commune absente de la table",
        "la commune « {commune} » de {structure} n'est pas dans la table de densité "
        "{table} : la classe saisie à la main est utilisée s'il y en a une. Vérifiez le "
        "code de la commune (code INSEE, pas le code postal).",
        warning=True,
    ),
    Code.RUR_HAND_DIFFERS: Entry(
        "Classe de densité contredite",
        "{structure} a choisi la classe {hand}, mais la table de densité donne {table} "
        "pour la commune {commune} : la table fait foi.",
        warning=True,
    ),
    Code.RUR_NO_CLASS: Entry(
        "Classe de densité inconnue",
        "{structure} n'a ni commune trouvée dans une table de densité, ni classe choisie à "
        "la main : son type de territoire (R1) reste inconnu. Donnez --densite ou "
        "remplissez la question « classe_densite ».",
        warning=True,
    ),
    Code.RUR_PARAMETER: Entry(
        "Paramètre manquant",
        "la lecture « attractivite_rurale » a besoin du paramètre « {parameter} » (avec sa "
        "valeur et sa source) : ajoutez-le aux « parameters » de la section observation.",
    ),
    Code.RUR_NOT_GRID: Entry(
        "Pas la grille d'attractivité",
        "la campagne « {campaign} » suit {ref}, pas la grille des conditions "
        "d'attractivité rurale (attractivite-rurale) : ce rapport ne s'applique pas.",
    ),
    Code.RUR_JOIN_NOT_GRID: Entry(
        "Pas une campagne de la grille",
        "--attractivite « {campaign} » : cette campagne suit {ref}, pas la grille des "
        "conditions d'attractivité rurale (attractivite-rurale). Donnez le nom de la "
        "campagne où les structures ont rempli la grille ; dans cette base : {known}.",
    ),
    Code.RUR_JOIN_MISSING: Entry(
        "Pas de grille pour ces structures",
        "{n} structure(s) n'ont pas de réponse à la grille dans la campagne « {campaign} » "
        "({ids}) : leur fiche n'a pas de section « Conditions d'attractivité ». Si elles "
        "l'ont remplie, enregistrez leur classeur dans cette campagne (evalsoc ingest).",
        warning=True,
    ),
    Code.OPP_CHECK_FORMULA: Entry(
        "Contrôle illisible",
        "le contrôle « {check} » a une formule « equals » illisible ({detail}). Écrivez une "
        "somme ou une différence de questions du questionnaire (q1 + q2 - q3).",
    ),
    Code.OPP_CHECK: Entry(
        "Chiffres qui ne s'accordent pas",
        "{check} : {left_label} vaut {left}{left_cell}, mais {right_label} donne {right} "
        "(écart de {gap}). {fix} Rien n'a été corrigé : la réponse est enregistrée telle "
        "quelle.",
        warning=True,
    ),
    Code.OPP_NO_FICHE: Entry(
        "Pas de fiche d'utilité sociale",
        "la campagne « {campaign} » suit {ref}, un référentiel d'observation qui ne note "
        "rien : ses structures n'ont pas de fiche d'utilité sociale. Ses documents sont "
        "ceux d'evalsoc report observation (et, pour la grille rurale, les conditions de "
        "chaque structure d'evalsoc report attractivite, qui se joignent aussi à sa fiche "
        "d'utilité sociale : evalsoc report structure --attractivite {campaign}).",
    ),
    Code.OPP_SIZE_ORDER: Entry(
        "Classes de taille mal bornées",
        "les classes de « size » doivent avoir des bornes « below » croissantes et la "
        "dernière seule sans borne ({detail}) : corrigez-les.",
    ),
    Code.ARCH_FORMULA: Entry(
        "Formule incalculable",
        "la formule « {formula} » ne donne pas de nombre ({detail}).",
    ),
    Code.ARCH_SAME_CAMPAIGN: Entry(
        "Campagne précédente identique",
        "la campagne précédente doit être différente de la campagne « {campaign} ».",
    ),
    Code.ARCH_OTHER_REFERENTIEL: Entry(
        "Campagnes non comparables",
        "les campagnes « {previous} » ({previous_ref}) et « {campaign} » ({ref}) ne suivent "
        "pas le même référentiel : leurs scores ne se comparent pas. Retirez --precedente.",
    ),
    Code.ARCH_EMPTY_CAMPAIGN: Entry(
        "Campagne sans structure évaluée",
        "la campagne « {campaign} » n'a aucun questionnaire de structure valide : aucune "
        "synthèse à produire. Enregistrez d'abord les classeurs (evalsoc ingest).",
    ),
    Code.ARCH_SIM_NOT_FOLDER: Entry(
        "Sortie de simulation inutilisable",
        "{folder} existe et n'est pas un dossier. Choisissez un dossier avec -o.",
    ),
    Code.ARCH_SIM_FOREIGN: Entry(
        "Dossier déjà occupé",
        "le dossier {folder} contient déjà des fichiers qui ne viennent pas d'une "
        "simulation : choisissez un dossier vide, pour ne jamais mêler des classeurs "
        "fictifs à de vrais retours.",
    ),
    Code.ARCH_SIM_INTERRUPTED: Entry(
        "Simulation interrompue",
        "une simulation précédente a été interrompue dans {folder} : supprimez ce dossier "
        "ou choisissez-en un autre.",
    ),
    Code.ARCH_SIM_HINTS: Entry(
        "Indications de simulation illisibles",
        "le fichier {file} ne peut pas être lu ({detail}). Corrigez-le, ou retirez-le : "
        "les ordres de grandeur par défaut s'appliquent alors.",
    ),
    Code.MRG_SOURCE_IS_TARGET: Entry(
        "Source et cible confondues",
        "la base {file} est à la fois une source et la cible de la fusion : une base ne "
        "se fusionne pas dans elle-même. Donnez une autre base avec --db.",
    ),
    Code.MRG_REFERENTIEL: Entry(
        "Autre référentiel",
        "la campagne « {campaign} » suit {ref} (empreinte {hash}) dans {source}, mais "
        "{expected} (empreinte {expected_hash}) dans {other} : une campagne se note avec un "
        "seul référentiel, elle n'est pas fusionnée. Vérifiez que les deux bases parlent "
        "bien de la même campagne (sinon, enregistrez l'une sous un autre nom).",
    ),
    Code.MRG_YEAR: Entry(
        "Deux années pour une campagne",
        "la campagne « {campaign} » est de l'année {year} dans {source}, mais de {other_year} "
        "dans {other} : ce ne sont pas la même campagne, elle n'est pas fusionnée. "
        "Enregistrez l'une sous un autre nom.",
    ),
    Code.MRG_FIELD_CONFLICT: Entry(
        "Deux versions d'une structure",
        "la structure « {structure} » a pour {field} « {value} » dans {source}, mais "
        "« {other_value} » dans {other} : rien n'est fusionné, evalsoc ne choisit pas à "
        "votre place. Donnez le registre qui fait foi avec --structures registre.csv, ou "
        "corrigez le registre de l'une des bases (evalsoc ingest --structures).",
    ),
    Code.MRG_CONSENT_CONFLICT: Entry(
        "Deux consentements",
        "la structure « {structure} » donne le consentement « {value} » dans {source}, mais "
        "« {other_value} » dans {other} : le plus strict, « {decided} », s'applique. Si "
        "elle a changé d'avis, donnez le registre qui fait foi avec --structures.",
        warning=True,
    ),
    Code.MRG_UNKNOWN_CAMPAIGN: Entry(
        "Campagne absente des sources",
        "la campagne « {campaign} » n'est dans aucune des bases à fusionner. Campagnes "
        "trouvées : {known}.",
    ),
    Code.MRG_NO_REFERENTIEL: Entry(
        "Référentiel introuvable",
        "la campagne « {campaign} » suit le référentiel {ref}, introuvable ici ({detail}) : "
        "ses structures ne peuvent pas être notées de nouveau avec les questionnaires "
        "individuels venus d'une autre base ; elle n'est pas fusionnée. Installez ce "
        "référentiel (dossier EVALSOC_REFERENTIELS) puis relancez.",
    ),
    Code.MRG_NOTHING: Entry(
        "Rien à fusionner",
        "{sources} : aucune campagne à fusionner. Vérifiez les bases données (evalsoc suivi "
        "--db BASE montre ce qu'elles contiennent).",
    ),
    Code.PG_NO_DRIVER: Entry(
        "Pilote PostgreSQL absent",
        "la base {server} est un serveur PostgreSQL, mais son pilote n'est pas installé. "
        "Installez-le : pip install 'evalsoc[postgres]'.",
    ),
    Code.PG_CONNECT: Entry(
        "Serveur injoignable",
        "connexion impossible à {server} ({detail}). Vérifiez l'adresse, le port, le nom de "
        "la base et l'utilisateur ; le mot de passe se donne dans PGPASSWORD ou le "
        "fichier ~/.pgpass plutôt que dans l'adresse.",
    ),
    Code.PG_WAITING: Entry(
        "Écriture en cours sur le serveur",
        "un autre enregistrement écrit dans {server} (un autre consultant) : attente de "
        "son tour, {seconds} s au plus par classeur…",
        warning=True,
    ),
    Code.PG_BUSY: Entry(
        "Serveur occupé",
        "{server} est resté occupé par un autre enregistrement pendant {seconds} s : ce "
        "classeur n'a pas été enregistré. Relancez la même commande : ce qui est déjà "
        "enregistré est reconnu (la variable EVALSOC_ATTENTE_BASE règle l'attente, en "
        "secondes).",
    ),
    Code.PG_DENIED: Entry(
        "Droit refusé",
        "le rôle « {role} » n'a pas le droit de faire cela sur {server} ({detail}). Un rôle "
        "de lecture ne voit que les chiffres publiés (schéma « publication ») ; pour "
        "enregistrer ou fusionner, il faut un rôle de consultant (docs/serveur.md).",
    ),
    Code.PG_NO_SCHEMA: Entry(
        "Pas de base evalsoc sur le serveur",
        "{server} ne contient pas de base evalsoc : enregistrez d'abord des classeurs "
        "(evalsoc ingest … --db {server}) ou préparez le serveur (evalsoc serveur preparer).",
    ),
    Code.PG_OUTDATED: Entry(
        "Schéma du serveur à mettre à jour",
        "le schéma evalsoc de {server} est en version {version} et cette version d'evalsoc "
        "attend la {expected} ; le rôle « {role} » ne peut pas le mettre à jour. Demandez "
        "à l'administrateur du serveur de lancer evalsoc serveur preparer --db … .",
    ),
    Code.PG_LOST: Entry(
        "Connexion perdue",
        "la connexion à {server} a été perdue ({detail}) : le classeur en cours n'a pas été "
        "enregistré, ceux d'avant le sont. Relancez la même commande quand le serveur "
        "répond de nouveau.",
    ),
    Code.PG_SERVER: Entry(
        "Refus du serveur",
        "{server} a refusé l'opération ({detail}).",
    ),
    Code.PG_NOT_SERVER: Entry(
        "Il faut un serveur",
        "{file} est un fichier SQLite : les rôles et les vues de lecture n'existent que sur "
        "un serveur PostgreSQL. Donnez --db postgresql://… .",
    ),
    Code.PG_NOT_PUBLISHED: Entry(
        "Campagne non publiée",
        "la campagne « {campaign} » n'est pas publiée dans {server}. Campagnes publiées : "
        "{known}. Un consultant la publie avec evalsoc serveur publier --campagne "
        "{campaign}.",
    ),
    Code.PG_NOT_OWNER: Entry(
        "Réservé à l'administrateur",
        "le rôle « {role} » ne peut pas préparer {server} ({detail}) : créer le schéma, les "
        "rôles et les vues demande le propriétaire de la base (ou un rôle qui a "
        "CREATEROLE). Connectez-vous avec ce rôle.",
    ),
    Code.CNV_SCORE_TARGET: Entry(
        "Cible sur une note ou un niveau",
        "l'indicateur « {indicator} » a une cible sur {what} (« {raw} ») : une cible de "
        "convention se fixe sur une valeur brute (heures, entrées, communes, part en %, "
        "nombre de personnes), jamais sur une note de 0 à 100 ni sur un niveau, qui "
        "dépendent de l'étalonnage des barèmes et de la version du référentiel. Fixez la "
        "cible sur la valeur brute, par exemple « ≥ 150 heures d'EAC par an ».",
    ),
    Code.CNV_PERCEPTION_TARGET: Entry(
        "Cible sur un indicateur de perception",
        "l'indicateur « {indicator} » mesure une perception ({who}) : il se suit sans "
        "cible, car fixer une cible pousserait à choisir des répondants bienveillants. "
        "Laissez vides cible_sens, cible_valeur et cible_annee ; sa valeur sera suivie "
        "chaque année.",
    ),
    Code.CNV_COUNT: Entry(
        "Nombre d'indicateurs",
        "la convention « {convention} » compte {count} indicateur(s) : il en faut de 3 à 8, "
        "pour un suivi lisible qui couvre plus d'un aspect. {fix}",
    ),
    Code.CNV_KINDS: Entry(
        "Réalisation et résultat",
        "la convention « {convention} » n'a aucun indicateur de {missing} : gardez au "
        "moins un indicateur de réalisation (ce qui est fait) et un de résultat (son "
        "effet direct).",
        warning=True,
    ),
    Code.CNV_UNKNOWN_INDICATOR: Entry(
        "Indicateur inconnu du référentiel",
        "« {raw} » n'est pas un indicateur de {referentiel}. Donnez l'identifiant d'un "
        "indicateur (par exemple {examples}), ou laissez la colonne referentiel vide pour "
        "un indicateur libre.",
    ),
    Code.CNV_REQUIRED: Entry(
        "Valeur manquante",
        "« {column} » est vide pour {what} : {fix}",
    ),
    Code.CNV_NOT_A_NUMBER: Entry(
        "Nombre attendu",
        "« {raw} » n'est pas un nombre ({column}). Écrivez un nombre, par exemple 150 ou "
        "12,5 (sans unité : l'unité a sa propre colonne).",
    ),
    Code.CNV_DIRECTION: Entry(
        "Sens de la cible",
        "« {raw} » n'est pas un sens de cible. Écrivez ≥ (ou >=, « au moins ») pour une "
        "valeur à atteindre ou dépasser, ≤ (ou <=, « au plus ») pour une valeur à ne pas "
        "dépasser.",
    ),
    Code.CNV_PERIOD: Entry(
        "Durée de la convention",
        "la convention « {convention} » couvre {years} an(s) ({start}-{end}) : une "
        "convention pluriannuelle d'objectifs dure d'ordinaire 3 ou 4 ans. Vérifiez les "
        "années de début et de fin.",
        warning=True,
    ),
    Code.CNV_PERIOD_ORDER: Entry(
        "Période à l'envers",
        "la convention « {convention} » finit en {end}, avant de commencer en {start} : "
        "corrigez les années de début et de fin.",
    ),
    Code.CNV_DUE_YEAR: Entry(
        "Échéance hors période",
        "l'échéance {year} de l'indicateur « {indicator} » est hors de la période de la "
        "convention ({start}-{end}) : choisissez une année de la période.",
    ),
    Code.CNV_COLUMNS: Entry(
        "Colonnes manquantes",
        "il manque la ou les colonnes {missing}. Colonnes attendues : {expected}. Partez "
        "du modèle écrit par evalsoc convention classeur, ou de l'exemple de "
        "docs/conventions.md.",
    ),
    Code.CNV_UNKNOWN_REFERENTIEL: Entry(
        "Référentiel inconnu",
        "le référentiel « {raw} » n'est pas connu ({detail}). Donnez un référentiel et sa "
        "version, par exemple ardes-culture@1.0.0 (evalsoc referentiel list).",
    ),
    Code.CNV_NO_VALUE: Entry(
        "Indicateur sans valeur chiffrée",
        "l'indicateur « {indicator} » de {referentiel} n'a pas de valeur brute chiffrée "
        "({why}) : il ne peut pas porter une cible de convention. Choisissez un indicateur "
        "chiffré (heures, entrées, communes, part en %) ou décrivez un indicateur libre.",
    ),
    Code.CNV_DUPLICATE: Entry(
        "Indicateur en double",
        "l'indicateur « {indicator} » figure deux fois dans la convention « {convention} » "
        "(la première ligne compte) : supprimez le doublon.",
    ),
    Code.CNV_HAND_UNKNOWN: Entry(
        "Suivi d'un indicateur absent",
        "la ligne de suivi nomme l'indicateur « {raw} », qui n'est pas dans la convention "
        "« {convention} » (indicateurs : {known}). Corrigez le code de l'indicateur.",
    ),
    Code.CNV_UNREADABLE: Entry(
        "Fichier illisible",
        "le fichier ne peut pas être lu ({detail}). Enregistrez-le en CSV UTF-8 (séparateur "
        "; ou ,) ou en classeur .xlsx écrit par evalsoc convention classeur.",
    ),
    Code.CNV_EMPTY: Entry(
        "Aucune convention",
        "le fichier ne contient aucune convention : remplissez au moins une ligne "
        "d'indicateur.",
    ),
    Code.CNV_NOT_A_YEAR: Entry(
        "Année attendue",
        "« {raw} » n'est pas une année ({column}). Écrivez l'année sur quatre chiffres, "
        "par exemple 2025.",
    ),
    Code.CNV_MISSING_SHEET: Entry(
        "Onglet manquant",
        "l'onglet « {sheet} » manque (onglets trouvés : {found}). Repartez du classeur "
        "écrit par evalsoc convention classeur.",
    ),
    Code.CNV_CHOICE: Entry(
        "Valeur hors liste",
        "« {raw} » n'est pas une valeur possible de « {column} ». Valeurs acceptées : "
        "{accepted}.",
    ),
    Code.CNV_SEVERAL: Entry(
        "Plusieurs valeurs pour une convention",
        "la convention « {convention} » a « {raw} » en {column} alors qu'une ligne "
        "précédente donne « {first} » : une convention a un seul financeur, une seule "
        "structure et une seule période. Corrigez la ligne.",
    ),
    Code.CNV_NOTE_REDEFINED: Entry(
        "Indicateur redéfini",
        "indicateur redéfini dans {version} ({change}) : la valeur ne se compare pas telle "
        "quelle à la base et à la cible convenues sous {agreed}",
        warning=True,
    ),
    Code.CNV_NOTE_SAME: Entry(
        "Version changée, valeur inchangée",
        "campagne sous {version} ({change}) : la valeur brute se mesure comme sous "
        "{agreed}, la comparaison tient",
        warning=True,
    ),
    Code.CNV_NOTE_NO_CAMPAIGN: Entry(
        "Pas de campagne",
        "aucune campagne de {year} ne contient de classeur valide de la structure "
        "« {structure} »",
        warning=True,
    ),
    Code.CNV_NOTE_NO_ANSWER: Entry(
        "Pas de réponse",
        "campagne « {campaign} » : {why}",
        warning=True,
    ),
    Code.CNV_NOTE_HAND: Entry(
        "Valeur saisie à la main",
        "valeur saisie à la main dans le suivi",
        warning=True,
    ),
    Code.CNV_NOTE_GONE: Entry(
        "Indicateur retiré",
        "l'indicateur n'existe plus dans {version} ({change}) : saisissez la valeur à la "
        "main si elle est encore relevée",
        warning=True,
    ),
    Code.CNV_UNKNOWN_STRUCTURE: Entry(
        "Structure absente de la base",
        "la structure « {structure} » de la convention « {convention} » n'est dans aucune "
        "campagne de {file} : vérifiez son identifiant (celui du registre des "
        "structures).",
        warning=True,
    ),
    Code.CNV_NOTE_SEVERAL: Entry(
        "Plusieurs campagnes la même année",
        "{year} compte plusieurs campagnes avec la structure : « {campaign} » est lue, pas "
        "{others} ; choisissez avec --campagne",
        warning=True,
    ),
    Code.CNV_NOT_FOUND: Entry(
        "Convention inconnue",
        "aucune convention « {convention} » dans {file}. Conventions lues : {known}.",
    ),
    Code.BES_COLUMNS: Entry(
        "Colonnes manquantes",
        "il manque la ou les colonnes {missing}. Colonnes attendues : {expected}. Partez du "
        "modèle écrit par evalsoc besoins modele.",
    ),
    Code.BES_THEME: Entry(
        "Thème inconnu",
        "« {raw} » n'est pas un thème de besoins. Thèmes : {known}.",
    ),
    Code.BES_LEVEL: Entry(
        "Niveau de besoin",
        "« {raw} » n'est pas un niveau de {column} : écrivez 0 (aucun), 1 (faible), 2 (réel) "
        "ou 3 (prioritaire).",
    ),
    Code.BES_DUPLICATE: Entry(
        "Ligne en double",
        "la structure « {structure} » a deux lignes pour le thème « {theme} » : la première "
        "compte, supprimez l'autre.",
        warning=True,
    ),
    Code.BES_UNKNOWN_STRUCTURE: Entry(
        "Structure hors campagne",
        "la structure « {raw} » n'a pas de classeur valide dans la campagne « {campaign} » : "
        "ses besoins déclarés sont lus, sans signaux d'evalsoc. Vérifiez son identifiant.",
        warning=True,
    ),
    Code.BES_UNREADABLE: Entry(
        "Fichier illisible",
        "le fichier des besoins ne peut pas être lu ({detail}). Enregistrez-le en CSV UTF-8 "
        "(séparateur ; ou ,).",
    ),
    Code.BES_NO_STRUCTURE: Entry(
        "Structure inconnue",
        "la structure « {structure} » n'a pas de classeur valide dans la campagne "
        "« {campaign} ». Structures de la campagne : {known}.",
    ),
    Code.BES_SIGNAL_ALERT: Entry(
        "Alerte financière",
        "alerte {band} {indicator} {label} ({value})",
    ),
    Code.BES_SIGNAL_WEAK: Entry(
        "Critère ou indicateur faible",
        "{kind} {node} {label} faible : {score} sur 100 (seuil {threshold})",
    ),
    Code.BES_SIGNAL_LEGAL: Entry(
        "Alerte de conformité",
        "{node} {label} : « {answer} » (obligation légale à vérifier)",
    ),
    Code.BES_SIGNAL_DIVERGENCE: Entry(
        "Regards divergents",
        "regards divergents sur {dimension} : la structure se voit {gap} points {way} que "
        "ses groupes de répondants",
    ),
    Code.BES_SIGNAL_DECLARED: Entry(
        "Besoin déclaré",
        "besoin déclaré par la structure : {level} sur 3",
    ),
    Code.BES_SIGNAL_PRACTICE: Entry(
        "Outil de gestion absent",
        "{node} {label} : « {answer} » (outil de gestion à mettre en place)",
    ),
    Code.CIT_COLUMNS: Entry(
        "Colonnes manquantes",
        "il manque la ou les colonnes {missing}. Colonnes attendues : {expected}. Partez du "
        "classeur écrit par evalsoc citations exporter, sans renommer ses colonnes.",
    ),
    Code.CIT_PUBLISH_VALUE: Entry(
        "Valeur de « publier »",
        "« {raw} » n'est pas une valeur de « publier » : écrivez « oui » pour publier la "
        "citation, « non » (ou laissez vide) pour ne pas la publier.",
    ),
    Code.CIT_TEXT_CHANGED: Entry(
        "Texte modifié",
        "le texte de cette ligne ne correspond plus à celui enregistré pour la structure "
        "« {structure} » (groupe {group}, répondant {respondent}, question {question}) : "
        "« {raw} ». Ne modifiez pas la colonne « texte » (écrivez la version à publier dans "
        "« texte_retenu »), ou exportez à nouveau les citations si le classeur de la "
        "structure a été corrigé depuis.",
    ),
    Code.CIT_OTHER_CAMPAIGN: Entry(
        "Autre campagne",
        "cette ligne est de la campagne « {raw} », pas de « {campaign} » : importez le "
        "classeur dans sa campagne (--campagne {raw}) ou exportez celui de « {campaign} ».",
    ),
    Code.CIT_UNKNOWN_STRUCTURE: Entry(
        "Structure hors campagne",
        "la structure « {raw} » n'a aucun texte libre dans la campagne « {campaign} » : "
        "cette ligne vient d'un autre classeur ou d'une autre campagne. Supprimez-la ou "
        "exportez à nouveau les citations.",
    ),
    Code.CIT_UNREADABLE: Entry(
        "Classeur illisible",
        "le classeur des citations ne peut pas être lu ({detail}). Enregistrez-le au "
        "format .xlsx (Excel ou LibreOffice) et importez-le à nouveau.",
    ),
    Code.CIT_MISSING_SHEET: Entry(
        "Onglet manquant",
        "l'onglet « {sheet} » est introuvable (onglets présents : {found}). Partez du "
        "classeur écrit par evalsoc citations exporter.",
    ),
    Code.CIT_DUPLICATE: Entry(
        "Ligne en double",
        "cette ligne répète celle de la ligne {first} (même structure, répondant, question "
        "et texte) : la première compte, supprimez l'autre.",
        warning=True,
    ),
    Code.CIT_NOT_CONSENTED: Entry(
        "Citation sans accord de publication",
        "la structure « {structure} » n'a pas accepté de publication (consentement "
        "« {consent} ») : cette citation ne paraîtra que sur sa propre fiche, jamais dans la "
        "synthèse.",
        warning=True,
    ),
    Code.CIT_EDIT_UNMARKED: Entry(
        "Texte retenu sans « oui »",
        "un texte retenu est écrit mais « publier » ne vaut pas « oui » : la citation n'est "
        "pas publiée. Écrivez « oui » dans « publier » pour la publier.",
        warning=True,
    ),
    Code.CIT_EDIT_TOO_LONG: Entry(
        "Texte retenu trop long",
        "le texte retenu compte {length} caractères, plus que le texte d'origine "
        "({original}) : une citation ne s'écrit pas, elle se raccourcit ou s'anonymise. "
        "Reprenez-le à partir de la colonne « texte ».",
    ),
    Code.CIT_IMPORTED: Entry(
        "Sélection enregistrée",
        "{selected} retenue(s) sur {rows} ligne(s) lue(s) dans {file} ; la sélection "
        "précédente de la campagne « {campaign} » est remplacée.",
    ),
    Code.CIT_NOT_IMPORTED: Entry(
        "Sélection non enregistrée",
        "{errors} erreur(s) dans {file} : rien n'est enregistré, la sélection précédente de "
        "la campagne « {campaign} » reste en place. Corrigez les cellules indiquées et "
        "importez à nouveau.",
    ),
    Code.CIT_EXPORTED: Entry(
        "Citations exportées",
        "{rows} texte(s) libre(s) de {structures} structure(s) écrits dans {file} ; "
        "marquez « oui » dans la colonne « publier », puis : evalsoc citations importer "
        "--campagne {campaign} {file}",
    ),
    Code.CIT_NOTE_NONE: Entry(
        "Aucune citation sélectionnée",
        "Aucune citation sélectionnée : aucun texte libre n'est publié (evalsoc citations "
        "exporter, puis importer, pour en choisir).",
    ),
    Code.CIT_NOTE_SELECTED: Entry(
        "Citations sélectionnées",
        "Citations choisies par le consultant : {count}, publiée(s) selon le consentement "
        "de chaque structure.{withheld}",
    ),
    Code.CIT_FICHE_NONE: Entry(
        "Aucune citation sélectionnée",
        "Aucune citation sélectionnée pour cette structure : les réponses libres de ses "
        "répondants ne sont pas reprises ici (evalsoc citations).",
    ),
    Code.CIT_FICHE_SELECTED: Entry(
        "Citations de la fiche",
        "Réponses libres choisies par le consultant (evalsoc citations), attribuées à "
        "leur groupe de répondants seulement.",
    ),
    Code.CIT_AUDIT_UNSELECTED: Entry(
        "Texte libre non sélectionné",
        "ce document contient un texte libre de la structure « {structure} » qui n'est pas "
        "publiable ici ({why}) : « {raw} ». Régénérez ce document depuis la sélection "
        "(evalsoc report) ou retirez ce texte.",
    ),
    Code.CIT_AUDIT_ATTRIBUTED: Entry(
        "Citation attribuée sans accord",
        "ce document attribue à « {name} » une citation alors que la structure n'a pas accepté "
        "d'être nommée (consentement « {consent} ») : « {raw} ». Retirez le nom.",
    ),
    Code.CIT_AUDIT_CLEAN: Entry(
        "Citations conformes",
        "citations : {count} publiée(s), toutes sélectionnées et permises par le "
        "consentement de leur structure ; {documents} document(s) relu(s), aucun texte "
        "libre non permis.",
    ),
    Code.CIT_AUDIT_NOT_ALLOWED: Entry(
        "Citation publiée sans droit",
        "la publication imprime une citation de la structure « {structure} » que la "
        "sélection ou le consentement ne permet pas ({why}) : « {raw} ».",
    ),
    Code.CIT_AUDIT_OTHER_FICHE: Entry(
        "Citation d'une autre structure",
        "cette fiche de la structure « {owner} » contient un texte libre de la structure "
        "« {structure} » : « {raw} ». Une fiche ne montre que les citations de sa "
        "structure.",
    ),
}

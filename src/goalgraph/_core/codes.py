"""The stable codes of the problems found in documents, spreadsheets and model objects.

The docs page "Errors" lists every code with an example; a test keeps the
two in step. A code is never reused for another meaning.
"""

from __future__ import annotations

SYNTAX = "GG001"
TOO_LARGE = "GG002"
TOO_DEEP = "GG003"
YAML_ALIAS = "GG004"
YAML_TAG = "GG005"
MULTIPLE_DOCUMENTS = "GG006"
DUPLICATE_KEY = "GG007"
YAML_AMBIGUOUS = "GG008"  # a YAML scalar that YAML 1.1 and 1.2 read differently
UNKNOWN_FIELD = "GG010"
MISSING_FIELD = "GG011"
WRONG_TYPE = "GG012"
NON_FINITE = "GG013"
INVALID_ENUM = "GG014"
OUT_OF_RANGE = "GG015"
DUPLICATE_ID = "GG016"
INVALID_PERIOD = "GG017"
UNSUPPORTED_VERSION = "GG018"
TARGET_EQUALS_START = "GG020"
DIRECTION_CONFLICT = "GG021"
BAND_INVERTED = "GG022"
STEPS_NOT_MONOTONE = "GG023"
VALUE_TYPE = "GG024"
UNKNOWN_NAME = "GG025"
MIXED_UNITS = "GG026"
KPI_AND_CHECKINS = "GG027"
DUPLICATE_LINK = "GG028"
UNKNOWN_LEVEL = "GG029"
CYCLE = "GG030"
OWNER_CYCLE = "GG031"
PLAN_ORDER = "GG032"  # a plan that goes back in time or in value, or leaves its cycle
ROW_SHAPE = "GG040"  # a spreadsheet row that does not fit the flat format
DANGLING_REFERENCE = "GG101"

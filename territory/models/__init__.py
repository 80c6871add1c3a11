"""The profile's tables: residents by age (population.py), the indicators any source adds (indicators.py) and
ISTAT's administrative changes that map old comune codes to today's (changes.py)."""

from territory.models.changes import AdministrativeChange, ChangesTable
from territory.models.indicators import (
    Aggregation,
    Band,
    CompositeComponent,
    CompositeIndex,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    Normalisation,
    Ratio,
)
from territory.models.population import AGE_FIELDS, AGES, AgeStructure, PopulationDataset, Sex
from territory.models.uploads import PopulationUpload, UploadStatus

__all__ = [
    "AGES",
    "AGE_FIELDS",
    "AdministrativeChange",
    "AgeStructure",
    "Aggregation",
    "Band",
    "ChangesTable",
    "CompositeComponent",
    "CompositeIndex",
    "Indicator",
    "IndicatorImport",
    "IndicatorValue",
    "Normalisation",
    "PopulationDataset",
    "PopulationUpload",
    "Ratio",
    "Sex",
    "UploadStatus",
]

"""The profile's tables: residents by age (population.py) and the indicators any source adds (indicators.py)."""

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

__all__ = [
    "AGES",
    "AGE_FIELDS",
    "AgeStructure",
    "Aggregation",
    "Band",
    "CompositeComponent",
    "CompositeIndex",
    "Indicator",
    "IndicatorImport",
    "IndicatorValue",
    "Normalisation",
    "PopulationDataset",
    "Ratio",
    "Sex",
]

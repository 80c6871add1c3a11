from datetime import date

from agreements.calendar import add_months, end_after_months, validity_mismatch, whole_months_between


def test_month_arithmetic_clamps_to_the_end_of_shorter_months() -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert end_after_months(date(2012, 4, 1), 36) == date(2015, 3, 31)
    assert whole_months_between(date(2012, 4, 1), date(2014, 3, 31)) == 24


def test_seed_002_declares_36_months_but_its_dates_span_24() -> None:
    message = validity_mismatch(date(2012, 4, 1), date(2014, 3, 31), 36)
    assert message is not None
    assert "36 mesi" in message and "24 mesi" in message and "31/03/2015" in message


def test_consistent_figures_raise_nothing() -> None:
    assert validity_mismatch(date(2012, 4, 1), date(2015, 3, 31), 36) is None
    assert validity_mismatch(date(2024, 1, 1), None, 12) is None

"""The render jobs any app's documents use: registered per model, found by the worker's generic task by label."""

import pytest

from agreements.models import AgreementDocument
from documents import jobs


def test_the_agreements_document_is_a_registered_render_job() -> None:
    spec = jobs.renderer(jobs.label(AgreementDocument))
    assert spec.model is AgreementDocument and "agreement" in spec.select_related


def test_a_model_without_a_renderer_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match=r"No renderer registered for governance\.Organization"):
        jobs.renderer("governance.Organization")
    with pytest.raises(LookupError):
        jobs.renderer("nessuna.App")

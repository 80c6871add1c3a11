from typing import Any

from django import forms

from governance import selectors
from governance.forms import StyledFormMixin, model_choice
from governance.models import Organization
from subambiti.models import SubAmbito


class SubAmbitoForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SubAmbito
        fields = ["number", "name", "referente", "coordinator", "source", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, ambito: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "referente").queryset = Organization.objects.filter(
            ambito_memberships__ambito=ambito
        ).order_by("name")
        model_choice(self, "coordinator").queryset = selectors.person_list(user=user)

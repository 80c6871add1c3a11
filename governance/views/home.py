"""Each role lands on a page about its own organization."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from core.panels import panels_for
from governance import permissions, selectors
from governance.models import Ambito, Organ, Organization


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cards = []
        for assignment in selectors.role_assignments_for_user(user=user):
            organization = assignment.organization
            cards.append(
                {
                    "assignment": assignment,
                    "organization": organization,
                    "ambiti_led": list(
                        permissions.ambiti_led_by(organization).filter(
                            pk__in=permissions.filter_visible(user, Ambito.objects.all()).values("pk")
                        )
                    ),
                    "ambiti": list(
                        selectors.ambito_list(user=user)
                        .filter(memberships__organization=organization)
                        .distinct()
                    ),
                    "organs": list(
                        selectors.organ_list(user=user).filter(seats__organization=organization).distinct()
                    ),
                    "panels": panels_for(organization, user),
                    "can_edit": permissions.has_object_permission(user, organization, permissions.CHANGE),
                }
            )
        context["cards"] = cards
        context["counts"] = {
            "organizations": permissions.filter_visible(user, Organization.objects.all()).count(),
            "organs": permissions.filter_visible(user, Organ.objects.all()).count(),
        }
        return context

"""API permissions by role."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from kb.roles import is_agent, is_lead


class IsAgent(BasePermission):
    message = "Only agents and leads may use this."

    def has_permission(self, request, view):
        return is_agent(request.user)


class IsLead(BasePermission):
    message = "Only leads may do this."

    def has_permission(self, request, view):
        return is_lead(request.user)


class AgentReadLeadWrite(BasePermission):
    message = "Agents may read; only leads may change the handbook."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return is_agent(request.user)
        return is_lead(request.user)

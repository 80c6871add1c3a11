"""REST API of the governance registry (DRF): serializers, viewsets and the router mounted under /api/v1/."""

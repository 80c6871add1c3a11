"""REST API of the sub-ambiti: serializers, viewsets and the router mounted under /api/v1/."""

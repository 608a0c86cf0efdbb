"""GET /api/v1/public/search?q=&lang= — public answers for other front ends (and the help
page's own script). Anonymous, throttled per client address, CORS per settings."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kb.public import search
from kb.public.strings import from_accept_language
from kb.public.throttling import PublicSearchThrottle
from text.languages import LANGUAGES, valid_language


class PublicSearchView(APIView):
    """Published public answers for a customer's question, best first."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicSearchThrottle]

    @extend_schema(parameters=[
        OpenApiParameter("q", str, description=f"Up to {search.MAX_QUERY_CHARS} characters."),
        OpenApiParameter("lang", str, enum=["", *LANGUAGES], required=False,
                         description="Answer language; detected from q and Accept-Language "
                                     "when absent or empty (a help widget's unset select)."),
        OpenApiParameter("hint", str, enum=["", *LANGUAGES], required=False,
                         description="Page language, used when q is too short to tell "
                                     "(empty: none)."),
    ], responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 429: OpenApiTypes.OBJECT})
    def get(self, request):
        params = request.query_params
        raw = params.get("q", "")
        errors = {}
        try:
            search.check_length(raw)
        except search.QueryTooLong as exc:
            errors["q"] = [str(exc)]
        explicit = params.get("lang", "")
        if explicit and not valid_language(explicit):
            errors["lang"] = [f"Choose one of: {', '.join(LANGUAGES)}."]
        hint = params.get("hint", "")
        if hint and not valid_language(hint):
            errors["hint"] = [f"Choose one of: {', '.join(LANGUAGES)}."]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        query = search.normalise_query(raw)
        explicit = valid_language(explicit)
        hint = valid_language(hint) or from_accept_language(
            request.headers.get("Accept-Language"))
        found = search.public_search(query, explicit=explicit, hint=hint)
        results = [{**r, "url": request.build_absolute_uri(r["url"])} for r in found.results]
        body = {"query": found.query, "language": found.language, "answered": found.answered,
                "confidence": found.confidence, "results": results}
        if query and not found.answered:
            body["contact"] = search.contact_channels(found.language)
        return Response(body)

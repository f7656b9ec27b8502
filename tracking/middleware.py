"""Vietnamese unless the user chose otherwise: the browser's Accept-Language is not asked.

Staff PCs often run an English Windows or Chrome; the product's users read Vietnamese first.
The choice made with the language switch (Django's `set_language`, stored in a cookie) wins.
"""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.headers.get("Vary", "")
        if "Cookie" not in patch:
            response.headers["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response

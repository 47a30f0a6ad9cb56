"""Google Gemini providers through the google-genai SDK (story, speech, illustration)."""

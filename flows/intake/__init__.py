"""The participant's path: joining, language, consent, the questionnaire, review, own data."""

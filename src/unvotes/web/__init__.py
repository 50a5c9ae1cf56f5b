"""The web app: server-rendered pages, each with a JSON twin, and the JSON API, all rendering the views."""

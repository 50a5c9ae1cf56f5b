"""The state page's ideal-point chart over a small real record (ES-11 and the 2025 votes): fitted once per
generation of the data, kept on disk, and a chart spec with the state's band."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from unvotes.web.app import create_app


def test_the_ideal_point_chart_is_fitted_once_and_kept(es11_db: Path, tmp_path: Path):
    """The chart of the United States has its points with a low and a high bound; the fit is kept on disk, so
    another state's chart needs no new fit."""
    path = Path(shutil.copyfile(es11_db, tmp_path / "es11.duckdb"))
    with TestClient(create_app(path)) as client:
        first = client.get("/states/USA/ideal.json")
        kept = list(
            Path(tempfile.gettempdir()).glob(
                f"unvotes-web-*/{client.app.state.database.generation}/ideal-points-dynamic.json"
            )
        )
        second = client.get("/states/RUS/ideal.json")
    assert first.status_code == second.status_code == 200, first.text
    rows = first.json()["data"]["values"]
    assert rows and {r["state"] for r in rows} == {"USA"}
    assert all(r["low"] <= r["ideal_point"] <= r["high"] for r in rows if r["low"] is not None)
    assert len(kept) == 1

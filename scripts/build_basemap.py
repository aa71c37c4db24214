"""Build web/static/world-110m.json, the offline base map of the map page, from the npm package world-atlas.

world-atlas (ISC licence) redistributes Natural Earth's public-domain 1:110m country shapes as TopoJSON. This
script decodes the TopoJSON arcs, projects every country to an equirectangular 960 x 480 canvas
(x = (lon + 180) * 960 / 360, y = (90 - lat) * 480 / 180), rounds to 0.1 pixel and writes one SVG path per
country with its ISO 3166 numeric id and name: the browser draws it with no map library and no tiles.

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_basemap.py package/countries-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/newsledger/web/static/world-110m.json"
WIDTH, HEIGHT = 960, 480


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:  # type: ignore[type-arg]
    """Absolute lon/lat points of every arc (TopoJSON delta encoding with a quantisation transform)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The points of one ring: arcs in order, a negative index (~i) taken backwards, shared ends once."""
    pts: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(arc[1:] if pts else arc)
    return pts


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data of rings on the equirectangular canvas (a jump across the antimeridian starts a new piece)."""
    parts = []
    for r in rings:
        cmd, last_x = "M", None
        for lon, lat in r:
            x, y = (lon + 180) * WIDTH / 360, (90 - lat) * HEIGHT / 180
            if last_x is not None and abs(x - last_x) > WIDTH / 2:
                cmd = "M"
            parts.append(f"{cmd}{x:.1f} {y:.1f}")
            cmd, last_x = "L", x
        parts.append("Z")
    return "".join(parts)


def main(src: Path) -> None:
    topo = json.loads(src.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polys = geom.get("arcs", [])
        if geom["type"] == "Polygon":
            polys = [polys]
        rings = [ring(r, arcs) for poly in polys for r in poly]
        out.append({"id": str(geom.get("id", "")), "name": geom.get("properties", {}).get("name", ""), "d": path(rings)})
    doc = {"source": "Natural Earth 1:110m countries (public domain) via npm world-atlas 2 (ISC)", "projection": "equirectangular",
           "width": WIDTH, "height": HEIGHT, "countries": out}
    OUT.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"{len(out)} countries -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

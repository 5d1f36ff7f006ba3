#!/usr/bin/python3
"""Peer benchmark: render a polygon layer to PNG with QGIS's own map renderer (PyQGIS), headless.

The counterpart of `prokus-map render ... --size 3840x2160`: same layer, same pixel size, the map
projected to WGS 84 / UTM 48S and fitted to the data with a margin, a flat fill and a thin outline.
Prints one line per run with the time to load the layer, to render, and to write the PNG, then the
best (minimum) of the runs. Debian 12: apt-get install qgis python3-qgis qgis-providers.

Usage:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_render.py \
        [--input ../shared/geodata/kbb_desa.shp] [--out /tmp/qgis-render.png] [--size 3840x2160] \
        [--labels name] [--repeat 3] [--sequential] [--crs EPSG:32748]
"""
import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob,  # noqa: E402
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsPalLayerSettings, QgsProject,
                       QgsRectangle, QgsTextFormat, QgsVectorLayer, QgsVectorLayerSimpleLabeling,
                       QgsFillSymbol, QgsCoordinateTransform)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(REPO_ROOT, "..", "shared", "geodata", "kbb_desa.shp")
MARGIN = 0.05  # of the data extent on every side, as our snapshot


def parse_size(text):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
        if w > 0 and h > 0:
            return w, h
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"size must be WxH, got {text!r}")


def fitted_extent(extent, width, height):
    # Grow the data extent by the margin, then to the image's aspect ratio (no distortion).
    w, h = extent.width() * (1 + 2 * MARGIN), extent.height() * (1 + 2 * MARGIN)
    if w / h < width / height:
        w = h * width / height
    else:
        h = w * height / width
    c = extent.center()
    return QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2)


def render_once(args, width, height):
    t0 = time.perf_counter()
    layer = QgsVectorLayer(args.input, "layer", "ogr")
    if not layer.isValid():
        print(f"qgis_render: {args.input}: QGIS cannot open this layer", file=sys.stderr)
        sys.exit(2)
    layer.setRenderer(layer.renderer().clone())
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "253,231,178,255", "outline_color": "60,60,60,255", "outline_width": "0.2",
         "outline_width_unit": "MM"}))
    if args.labels:
        settings = QgsPalLayerSettings()
        settings.fieldName = args.labels
        text = QgsTextFormat()
        text.setFont(QFont("DejaVu Sans"))
        text.setSize(9)
        settings.setFormat(text)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    crs = QgsCoordinateReferenceSystem(args.crs)
    to_map = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
    extent = to_map.transformBoundingBox(layer.extent())
    feature_count = layer.featureCount()
    t1 = time.perf_counter()

    map_settings = QgsMapSettings()
    map_settings.setLayers([layer])
    map_settings.setDestinationCrs(crs)
    map_settings.setOutputSize(QSize(width, height))
    map_settings.setOutputDpi(96)
    map_settings.setExtent(fitted_extent(extent, width, height))
    map_settings.setBackgroundColor(QColor(255, 255, 255))
    job_type = QgsMapRendererSequentialJob if args.sequential else QgsMapRendererParallelJob
    job = job_type(map_settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    t2 = time.perf_counter()

    if not image.save(args.out, "PNG"):
        print(f"qgis_render: {args.out}: cannot write the PNG", file=sys.stderr)
        sys.exit(1)
    t3 = time.perf_counter()
    return feature_count, t1 - t0, t2 - t1, t3 - t2


def main():
    parser = argparse.ArgumentParser(description="Render a polygon layer to PNG with QGIS and time it.")
    parser.add_argument("--input", default=DEFAULT_INPUT)
    parser.add_argument("--out", default="/tmp/qgis-render.png")
    parser.add_argument("--size", type=parse_size, default=(3840, 2160))
    parser.add_argument("--labels", default="", help="field to label features with (default: no labels)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--crs", default="EPSG:32748", help="map CRS (default WGS 84 / UTM 48S, as ours for KBB)")
    parser.add_argument("--sequential", action="store_true", help="QgsMapRendererSequentialJob (one thread)")
    args = parser.parse_args()
    if not os.path.exists(args.input):
        print(f"qgis_render: {args.input}: no such file", file=sys.stderr)
        sys.exit(2)

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    width, height = args.size
    job = "sequential" if args.sequential else "parallel"
    totals = []
    for run in range(1, max(1, args.repeat) + 1):
        n, load_s, render_s, save_s = render_once(args, width, height)
        total = load_s + render_s + save_s
        totals.append(total)
        print(f"qgis_render run {run}: {n} features, {width}x{height}, {job} job: load {load_s:.3f} s, "
              f"render {render_s:.3f} s, write PNG {save_s:.3f} s, total {total:.3f} s")
    print(f"qgis_render best: total {min(totals):.3f} s ({args.out}; QGIS {Qgis.version()})")
    app.exitQgis()


if __name__ == "__main__":
    main()

// What the map draws, derived from the map state alone. The state (the overlays, the classification,
// the filters and the suitability score with its proposed sites: OverlaySettings) is what the window
// edits and what bookmarks, slides, the export dialog, `render` and `export-pack` replay; every one
// of them asks these functions what to draw and which legends go with it, so a legend is never kept
// beside the map it explains.
#pragma once
#include <string>
#include <vector>

#include "core/furniture.h"
#include "core/layer.h"
#include "core/overlay_settings.h"
#include "core/scenario.h"

namespace pk {

struct MapDocument;

// The programme overlays as drawn: with the score on, the score fills the polygons, so neither the
// choropleth nor the mentors' beneficiaries-per-mentor fill is drawn (nor its legend).
OverlaySettings programmeOverlaysDrawn(const OverlaySettings& settings);

// What the map has to draw with: programme data loaded, a mentor list, the number of proposed sites
// of the scenario the score shows.
struct MapDataPresent {
  bool programme = false;
  bool mentors = false;
  size_t proposedSites = 0;
};

// The legends shown for `settings`, in this order: "score", "proposed_sites", "choropleth" (any
// indicator), "mentor_fill" (beneficiaries per mentor), "business", "mentors", "heatmap". Empty when
// the state turns legends off. The score and its sites need no programme overlay data; the others do.
std::vector<std::string> legendsDrawn(const OverlaySettings& settings, const MapDataPresent& data);

// The planning panel's settings before the planner sets any: the programme's own criteria
// (beneficiaries, density, coverage_gap) equally weighted. Its name is empty (saved scenarios have
// one); criteria the data cannot give are left out where it is scored.
Scenario defaultPlanningScenario();

// The scenario the score shows: the inline one, else the project scenario of that name, else the
// project's first, else (an older bookmark of a project without scenarios) the default above.
// Throws PlanningError naming a missing scenario (and the saved ones).
Scenario scoreScenarioOf(const ScoreMapSettings& score, const std::vector<Scenario>& projectScenarios);


// ---- layers: draw order and default styles ----

// Moves layer `index` one place up (step +1: drawn later, above its neighbour) or down (step -1) in
// the document's draw order (MapDocument::layers, bottom first; the project's "layers" array keeps
// it). The boundary layer stays the boundary. False when it is already at that end.
bool moveLayer(MapDocument& doc, int index, int step);
// Puts the document's layers in `order` (the same layers, e.g. as the project file lists them),
// keeping the boundary layer.
void setLayerOrder(MapDocument& doc, const std::vector<LayerPtr>& order);
// A polygon layer opened while another polygon layer is on the map (desa over kecamatan) is context:
// outlines only by default, so the layer below keeps showing its fill.
void styleAsContextPolygons(LayerStyle& style);

// ---- the base fill under points and heat ----

// Light grey (kepler.gl's practice) for the boundary polygons while a point or heat overlay is drawn
// and no overlay fills them: a multicolour "colour per feature" fill under heat reads as heat, and
// category-coloured points vanish on fills of their colour.
constexpr Rgba kNeutralBaseFill{232, 232, 232, 255};
// True when the base fill turns neutral: programme data drawn, a point overlay (business points,
// mentors) or the heatmap on, no overlay fill (choropleth, mentor fill, score), and the planner did
// not choose the boundary's fill (LayerStyle::fillChosen). Window, render and export-pack ask this.
bool baseFillIsNeutral(const OverlaySettings& settings, const MapDataPresent& data, const LayerStyle& boundaryStyle);

}  // namespace pk

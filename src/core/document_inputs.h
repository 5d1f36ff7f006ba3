// Every file a map document reads: the project file, each layer's dataset (a Shapefile with its
// .dbf, .shx and .prj) and the programme's lists and tables. Outputs are checked against them so a
// run never writes over what it reads.
#pragma once
#include "core/map_document.h"
#include "core/safe_write.h"

namespace pk {

// Adds the document's files to inputs. A malformed programme section is not this function's
// business (the loader reports it): its paths are then skipped.
void addDocumentInputs(const MapDocument& doc, InputFiles& inputs);

}  // namespace pk

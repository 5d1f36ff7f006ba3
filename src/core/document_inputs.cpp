#include "core/document_inputs.h"

#include <exception>

#include "core/programme_project.h"

namespace pk {

void addDocumentInputs(const MapDocument& doc, InputFiles& inputs) {
  if (!doc.projectPath.empty()) inputs.add(doc.projectPath);
  for (const auto& layer : doc.layers)
    if (layer && !layer->path.empty()) inputs.addDataset(layer->path);
  try {
    const ProgrammeSources sources = programmeSourcesOf(doc);
    for (const ProgrammeSource* source : {&sources.beneficiaries, &sources.mentors, &sources.polygonTable})
      if (source->present()) inputs.addDataset(source->path);
  } catch (const std::exception&) {
    // reported by whoever loads the programme
  }
}

}  // namespace pk

// libFuzzer target: a project file (*.prokus.json) from bytes, written next to links to the demo
// data files so that the layers and lists it names can open. readProjectJson and loadProject may
// throw pk::InputError only (their documented exception), as one clean line; anything else that
// escapes, or a crash, is a finding.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/layer_io.h"
#include "core/map_document.h"
#include "core/project_file.h"
#include "fuzz_support.h"

namespace {

// The scratch folder with links to every demo data file, made once.
const std::string& projectDir() {
  static const std::string dir = [] {
    pk::initGdal();
    const std::string d = pk::fuzz::scratchDir();
    for (const auto& entry : std::filesystem::directory_iterator(PROKUS_SOURCE_DIR "/geodata")) {
      std::error_code ec;
      std::filesystem::create_symlink(entry.path(), d + "/" + entry.path().filename().string(), ec);
    }
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = projectDir() + "/fuzz.prokus.json";
  pk::fuzz::writeBytes(path, data, size);
  try {
    (void)pk::readProjectJson(path);
  } catch (const pk::InputError& e) {
    pk::fuzz::requireCleanMessage(e.what());
    return 0;
  }
  try {
    (void)pk::loadProject(path);
  } catch (const pk::InputError& e) {
    pk::fuzz::requireCleanMessage(e.what());
  }
  return 0;
}

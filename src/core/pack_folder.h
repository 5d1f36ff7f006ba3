// The meeting pack's folder, written so that nothing the planner owns is lost and the folder is
// always a whole pack: the old one or the new one.
//
// - A pack folder is recognised by the manifest the pack itself wrote (.prokus-pack.json, listing
//   its files). Only files in that manifest are ever replaced or removed; a non-empty folder without
//   one is refused ("not empty and not a meeting pack").
// - The new pack is built in a hidden sibling folder (.NAME.prokus-pack-PID-N), then swapped in with
//   one atomic rename (renameat2 RENAME_EXCHANGE). Files in the folder that are not the pack's
//   (the planner's own notes) are hard-linked into the new folder before the swap, so they stay.
// - A run that was killed leaves only such a sibling; the next run cleans it (its manifest's files
//   and its extra links, nothing else) and moves anything else it holds back.
#pragma once
#include <string>
#include <vector>

#include "core/safe_write.h"

namespace pk {

inline constexpr const char* kPackManifestName = ".prokus-pack.json";

enum class PackFolderState { Missing, Empty, Pack, Other };
// Missing (also: a path that does not exist yet), Empty, Pack (has a manifest), Other (anything
// else: the planner's folder). Throws InputError if the path exists but is not a folder.
PackFolderState packFolderState(const std::string& folder);
// The files a pack folder's manifest lists (empty for a folder without a valid manifest).
std::vector<std::string> packManifestFiles(const std::string& folder);

class PackFolderWriter {
 public:
  // Checks the folder (InputError "FOLDER is not empty and is not a meeting pack" for Other), the
  // parent's writability, that no file of the old pack is one of inputs, and cleans the leftovers
  // of killed runs. Creates the staging folder.
  PackFolderWriter(const std::string& folder, const InputFiles& inputs);
  ~PackFolderWriter();  // without commit(): removes the staging folder and what it holds
  PackFolderWriter(const PackFolderWriter&) = delete;
  PackFolderWriter& operator=(const PackFolderWriter&) = delete;

  // Where to write the pack file `name` now (inside the staging folder); records the name for the
  // manifest. Throws std::logic_error for a name given twice or one with a path separator.
  std::string path(const std::string& name);
  const std::vector<std::string>& files() const { return files_; }
  // The files the earlier pack's manifest lists (empty for a new or empty folder), read once.
  const std::vector<std::string>& earlierFiles() const { return earlierFiles_; }
  const std::string& folder() const { return folder_; }

  // Flushes every file, writes the manifest, keeps the planner's own files, swaps the new pack in
  // and removes the old one. Returns warnings (e.g. a leftover that could not be removed).
  std::vector<std::string> commit();

 private:
  std::string folder_, staging_;
  PackFolderState state_;
  std::vector<std::string> files_, earlierFiles_;
  bool committed_ = false;
};

// A folder for a new pack inside folder (the planner's own folder, which is never written into):
// folder/baseName, or folder/baseName-2, -3, ... the first that is missing, empty or a pack.
std::string packSubfolderIn(const std::string& folder, const std::string& baseName);

// Cleans the leftovers of killed runs beside folder (siblings .NAME.prokus-pack-PID-N whose process
// is gone). Returns what it could not clean. Called by PackFolderWriter; public for tests.
std::vector<std::string> cleanPackLeftovers(const std::string& folder);

}  // namespace pk

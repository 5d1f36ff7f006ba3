// Writing the planner's files so that nothing is lost: an output never lands on a file the run
// reads, every file is written to a hidden temporary sibling, flushed to disk and renamed over its
// target, a replaced file keeps its mode, and a save through a symlink writes the file it points to.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pk {

// A file by identity: two paths name the same file (through symlinks, hard links, "..", bind
// mounts) exactly when device and inode are equal.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};
// nullopt when nothing exists at the path (a dangling symlink included).
std::optional<FileIdentity> identityOf(const std::string& path);

// The files one run reads. Every output is checked against them before anything is written.
class InputFiles {
 public:
  // One file; a path that does not exist (yet) is ignored.
  void add(const std::string& path);
  // A GDAL dataset with every file it consists of (.shp with .dbf, .shx, .prj, ...); falls back to
  // the path alone when GDAL cannot open it.
  void addDataset(const std::string& path);
  // The input a path would overwrite, if any (as the input was named).
  std::optional<std::string> inputAt(const std::string& outputPath) const;
  // Throws InputError naming both files when outputPath is one of the inputs.
  void checkOutput(const std::string& outputPath) const;
  // The same for standard output: `stats ... >> kpm.csv` would append the table to the list itself.
  // Throws InputError naming the input.
  void checkStandardOutput() const;
  bool empty() const { return files_.empty(); }

 private:
  std::vector<std::pair<FileIdentity, std::string>> files_;
};

// Who may read a newly written file. Normal: a replaced file keeps its mode, a new one follows the
// umask. Private (personal data: names, NIK): always 0600, whatever it replaces.
enum class FileAccess { Normal, Private };

// The path a save should write: a symlink is followed to the file it names (also when that file
// does not exist yet), so the link stays a link; any other path is returned as given.
std::string resolveWriteTarget(const std::string& path);

// A hidden temporary sibling of target (same folder, so the final rename is atomic), with a name
// no other program uses: ".NAME.prokus-tmp-PID-N". Nothing is created.
std::string temporarySiblingPath(const std::string& target);
// True for file names temporarySiblingPath makes (any process), so a later run can clean up the
// leftovers of a killed one and nothing else.
bool isTemporarySiblingName(std::string_view fileName);
// Removes temporary siblings that a killed run left in dir for target's file name (only those of
// processes no longer running).
void removeStaleTemporarySiblings(const std::string& target);

// Flushes a written file, or a folder's entries, to disk. Throws std::runtime_error on failure.
void syncFile(const std::string& path);
void syncFolder(const std::string& folder);

// Gives a finished temporary file the mode its target should have (see FileAccess) and flushes it
// to disk; the step before the rename, for callers that move several files as one set.
void finishTemporaryFile(const std::string& tmp, const std::string& target, FileAccess access = FileAccess::Normal);

// Gives a finished temporary file its final mode, flushes it, renames it over target (through a
// symlink: over the file the link names) and flushes the folder. The temporary file is removed
// on failure. Throws std::runtime_error naming target.
void commitTemporaryFile(const std::string& tmp, const std::string& target, FileAccess access = FileAccess::Normal);

// The whole write: temporary sibling, contents, commit.
void writeFileAtomically(const std::string& path, std::string_view contents, FileAccess access = FileAccess::Normal);

// Checks before the work starts that files can be created in folder: it exists, is a folder and
// is writable. Throws InputError naming the folder and the reason (strerror).
void checkWritableFolder(const std::string& folder);

}  // namespace pk

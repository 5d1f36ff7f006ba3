#include "core/pack_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/layer_io.h"

namespace pk {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingTag = ".prokus-pack-";
constexpr const char* kManifestFormat = "prokus-map meeting pack";

std::string errnoText() { return std::strerror(errno); }

// Absolute, normalised, without a trailing separator, through a symlinked folder to the real one.
fs::path normalisedFolder(const std::string& folder) {
  fs::path p = fs::absolute(fs::path(folder)).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return fs::absolute(fs::path(resolveWriteTarget(p.string()))).lexically_normal();
}

std::optional<FileIdentity> linkIdentity(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{st.st_dev, st.st_ino};
}

bool readManifest(const fs::path& folder, std::vector<std::string>& files) {
  std::ifstream in(folder / kPackManifestName);
  if (!in) return false;
  try {
    const auto j = nlohmann::json::parse(in);
    if (!j.is_object() || j.value("format", "") != kManifestFormat || !j.contains("files") || !j["files"].is_array())
      return false;
    for (const auto& f : j["files"]) {
      if (!f.is_string()) continue;
      const std::string name = f.get<std::string>();
      // A manifest never reaches outside its folder, whoever edited it.
      if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) continue;
      files.push_back(name);
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The pid of a staging sibling ".NAME.prokus-pack-PID-N" of folder name NAME, or 0.
long stagingOwner(const std::string& entry, const std::string& folderName) {
  const std::string prefix = "." + folderName + std::string(kStagingTag);
  if (entry.compare(0, prefix.size(), prefix) != 0) return 0;
  const char* p = entry.data() + prefix.size();
  const char* end = entry.data() + entry.size();
  long pid = 0;
  auto [afterPid, err] = std::from_chars(p, end, pid);
  if (err != std::errc() || afterPid == p || afterPid == end || *afterPid != '-') return 0;
  unsigned long n = 0;
  auto [afterN, err2] = std::from_chars(afterPid + 1, end, n);
  if (err2 != std::errc() || afterN == afterPid + 1 || afterN != end) return 0;
  return pid > 0 ? pid : 0;
}

// Removes the regular files and links in a folder this program made, then the folder; never
// descends into subfolders (it never makes any).
void removeStagingFolder(const fs::path& staging) {
  std::error_code ec;
  for (fs::directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (fs::is_regular_file(status) || fs::is_symlink(status)) ::unlink(it->path().c_str());
  }
  ::rmdir(staging.c_str());
}

bool exchangePaths(const fs::path& a, const fs::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

}  // namespace

PackFolderState packFolderState(const std::string& folder) {
  struct stat st {};
  const fs::path p = normalisedFolder(folder);
  if (::stat(p.c_str(), &st) != 0) {
    if (errno == ENOENT) return PackFolderState::Missing;
    throw InputError(folder, "cannot be read (" + errnoText() + ")");
  }
  if (!S_ISDIR(st.st_mode)) throw InputError(folder, "exists and is not a folder");
  std::error_code ec;
  fs::directory_iterator it(p, ec);
  if (ec) throw InputError(folder, "cannot be read (" + ec.message() + ")");
  if (it == fs::directory_iterator()) return PackFolderState::Empty;
  std::vector<std::string> files;
  return readManifest(p, files) ? PackFolderState::Pack : PackFolderState::Other;
}

std::vector<std::string> packManifestFiles(const std::string& folder) {
  std::vector<std::string> files;
  readManifest(normalisedFolder(folder), files);
  return files;
}

std::vector<std::string> cleanPackLeftovers(const std::string& folderPath) {
  std::vector<std::string> problems;
  const fs::path folder = normalisedFolder(folderPath);
  const fs::path parent = folder.parent_path();
  const std::string folderName = folder.filename().string();
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    const long pid = stagingOwner(entry, folderName);
    if (pid == 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its run goes on
    const fs::path leftover = it->path();
    std::vector<std::string> listed;
    const bool hasManifest = readManifest(leftover, listed);
    const std::set<std::string> ours(listed.begin(), listed.end());
    std::error_code listError;
    for (fs::directory_iterator f(leftover, listError), fend; !listError && f != fend; f.increment(listError)) {
      const std::string name = f->path().filename().string();
      if (name == kPackManifestName) continue;  // last, so a second kill still finds the list
      const auto status = f->symlink_status(listError);
      const bool plain = fs::is_regular_file(status) || fs::is_symlink(status);
      const auto here = linkIdentity(f->path());
      const auto inFolder = linkIdentity(folder / name);
      if (ours.count(name) || (plain && here && inFolder && *here == *inFolder) || (!hasManifest && plain)) {
        ::unlink(f->path().c_str());  // the pack's file, an extra link of the planner's file, or a partial output
      } else if (!inFolder && ::rename(f->path().c_str(), (folder / name).c_str()) == 0) {
        // the planner's own file or folder, caught mid-move by the kill: back where it was
      } else {
        problems.push_back(f->path().string() + ": not part of a meeting pack; left in place");
      }
    }
    ::unlink((leftover / kPackManifestName).c_str());
    if (::rmdir(leftover.c_str()) != 0 && problems.empty())
      problems.push_back(leftover.string() + ": cannot remove (" + errnoText() + ")");
  }
  return problems;
}

std::string packSubfolderIn(const std::string& folder, const std::string& baseName) {
  for (int n = 1;; ++n) {
    const fs::path candidate = fs::path(folder) / (n == 1 ? baseName : baseName + "-" + std::to_string(n));
    try {
      if (packFolderState(candidate.string()) != PackFolderState::Other) return candidate.string();
    } catch (const InputError&) {
      // a file of that name: try the next
    }
  }
}

PackFolderWriter::PackFolderWriter(const std::string& folder, const InputFiles& inputs) {
  const fs::path target = normalisedFolder(folder);
  folder_ = target.string();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  checkWritableFolder(parent.string());
  for (const auto& problem : cleanPackLeftovers(folder_)) std::fprintf(stderr, "prokus-map: %s\n", problem.c_str());
  state_ = packFolderState(folder_);
  if (state_ == PackFolderState::Other)
    throw InputError(folder, "is not empty and is not a meeting pack (it has no " + std::string(kPackManifestName) +
                                 "); choose an empty or new folder");
  if (state_ == PackFolderState::Pack) earlierFiles_ = packManifestFiles(folder_);
  for (const auto& name : earlierFiles_) inputs.checkOutput((target / name).string());
  static std::atomic<unsigned long> counter{0};
  staging_ = (parent / ("." + target.filename().string() + std::string(kStagingTag) + std::to_string(::getpid()) +
                        "-" + std::to_string(counter.fetch_add(1))))
                 .string();
  if (::mkdir(staging_.c_str(), 0777) != 0)
    throw InputError(parent.string(), "cannot create a folder here (" + errnoText() + ")");
  struct stat st {};
  if (state_ != PackFolderState::Missing && ::stat(folder_.c_str(), &st) == 0) ::chmod(staging_.c_str(), st.st_mode & 07777);
}

PackFolderWriter::~PackFolderWriter() {
  if (!committed_) removeStagingFolder(staging_);
}

std::string PackFolderWriter::path(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos || name == kPackManifestName)
    throw std::logic_error("pack file name '" + name + "' is not a plain file name");
  if (std::find(files_.begin(), files_.end(), name) != files_.end())
    throw std::logic_error("pack file '" + name + "' written twice");
  if (state_ == PackFolderState::Pack && linkIdentity(fs::path(folder_) / name) &&
      std::find(earlierFiles_.begin(), earlierFiles_.end(), name) == earlierFiles_.end())
    throw InputError((fs::path(folder_) / name).string(),
                     "is not a file of the earlier meeting pack and is never replaced; move it away first");
  files_.push_back(name);
  return (fs::path(staging_) / name).string();
}

std::vector<std::string> PackFolderWriter::commit() {
  std::vector<std::string> warnings;
  const fs::path staging(staging_), target(folder_);
  // Everything the run wrote (images with their .pgw and .aux.xml included) is the pack.
  std::vector<std::string> written;
  std::error_code ec;
  for (fs::directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().filename().string();
    if (isTemporarySiblingName(name)) {
      ::unlink(it->path().c_str());
      continue;
    }
    syncFile(it->path().string());
    written.push_back(name);
  }
  if (ec) throw std::runtime_error(staging_ + ": cannot list (" + ec.message() + ")");
  std::sort(written.begin(), written.end());
  nlohmann::json manifest = {{"format", kManifestFormat}, {"version", 1}, {"files", written}};
  writeFileAtomically((staging / kPackManifestName).string(), manifest.dump(2) + "\n");

  // The planner's own files in an earlier pack's folder stay: files and links as extra hard links
  // (so the swap carries them), folders moved back after it.
  std::vector<std::string> linked, folders;
  if (state_ == PackFolderState::Pack) {
    const std::set<std::string> old(earlierFiles_.begin(), earlierFiles_.end());
    for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name == kPackManifestName || old.count(name)) continue;
      if (linkIdentity(staging / name))
        throw InputError(it->path().string(), "is not a file of the earlier meeting pack and is never replaced; "
                                              "move it away first");
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        folders.push_back(name);
      } else if (::linkat(AT_FDCWD, it->path().c_str(), AT_FDCWD, (staging / name).c_str(), 0) == 0) {
        linked.push_back(name);
      } else {
        throw std::runtime_error(it->path().string() + ": cannot keep it in the new pack folder (" + errnoText() + ")");
      }
    }
    if (ec) throw std::runtime_error(folder_ + ": cannot list (" + ec.message() + ")");
  }
  syncFolder(staging_);

  if (state_ == PackFolderState::Missing) {
    if (::rename(staging_.c_str(), folder_.c_str()) != 0)
      throw std::runtime_error(folder_ + ": cannot create the pack folder (" + errnoText() + ")");
    committed_ = true;
    syncFolder(target.parent_path().string());
    return warnings;
  }
  if (!exchangePaths(staging, target))
    throw std::runtime_error(folder_ + ": cannot swap in the new pack (" + errnoText() + ")");
  committed_ = true;  // the staging name now holds the old pack: never remove it wholesale
  for (const auto& name : folders)
    if (::rename((staging / name).c_str(), (target / name).c_str()) != 0)
      warnings.push_back((staging / name).string() + ": cannot move back into " + folder_ + " (" + errnoText() + ")");
  std::vector<std::string> oldFiles;
  readManifest(staging, oldFiles);
  for (const auto& name : oldFiles) ::unlink((staging / name).c_str());
  for (const auto& name : linked) ::unlink((staging / name).c_str());
  ::unlink((staging / kPackManifestName).c_str());
  if (::rmdir(staging_.c_str()) != 0)
    warnings.push_back(staging_ + ": the earlier pack's folder holds files that are not the pack's; left in place");
  syncFolder(target.parent_path().string());
  return warnings;
}

}  // namespace pk

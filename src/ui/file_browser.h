// State of the dashboard's file browser dialog (File > Open, Open project, Save project as).
// The listing itself is pk::listDirectory (core); drawing is drawFileBrowser (file_browser.cpp).
#pragma once
#include <string>
#include <vector>

#include "core/directory_listing.h"

namespace pk {

enum class BrowserPurpose { OpenData, OpenProject, SaveProject };

struct FileBrowser {
  bool openRequested = false;  // the dialog opens on the next frame
  BrowserPurpose purpose = BrowserPurpose::OpenData;
  std::string directory;       // absolute folder being shown
  std::string pathField;       // the editable path above the list
  std::string fileName;        // the chosen (or, when saving, typed) file name
  int filterIndex = 0;         // into the purpose's filter list; 0 = all supported formats
  bool showHidden = false;
  std::vector<DirectoryEntry> entries;
  std::string listingError;
  bool listingStale = true;
  std::string confirmOverwrite;  // SaveProject: the existing file waiting for "replace?"

  // Opens the dialog in `startDirectory` (or the current folder when empty or missing).
  void open(BrowserPurpose newPurpose, const std::string& startDirectory, const std::string& suggestedName = {});
  void navigate(const std::string& newDirectory);
};

}  // namespace pk

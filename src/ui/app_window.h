// The GLFW + ImGui dashboard window.
#pragma once
#include <string>
#include <vector>

namespace pk {

// Opens the window with `files` (boundary/context files or one .prokus.json) and runs until closed.
// Returns the process exit code.
int runDashboard(const std::vector<std::string>& files);

}  // namespace pk

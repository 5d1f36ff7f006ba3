// A linked GLSL program built from two embedded shader files, with its uniform locations cached.
#pragma once
#include <epoxy/gl.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace pk {

// Source of shaders/NAME as embedded at build time (cmake/embed_shaders.cmake); null if absent.
const char* embeddedShaderSource(std::string_view name);

class GlProgram {
 public:
  GlProgram() = default;
  ~GlProgram();
  GlProgram(const GlProgram&) = delete;
  GlProgram& operator=(const GlProgram&) = delete;

  // Compiles and links; throws std::runtime_error with the shader's file name and the GL log.
  void build(const std::string& vertexFile, const std::string& fragmentFile);
  void use() const { glUseProgram(id_); }
  GLint uniform(const char* name);  // cached; -1 if the program lacks it
  GLuint id() const { return id_; }

 private:
  GLuint id_ = 0;
  std::unordered_map<std::string, GLint> uniforms_;
};

}  // namespace pk

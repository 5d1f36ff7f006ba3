#include "render/gl_program.h"

#include <stdexcept>
#include <vector>

namespace pk {

namespace {
GLuint compile(GLenum type, const std::string& file) {
  const char* src = embeddedShaderSource(file);
  if (!src) throw std::runtime_error("shader " + file + " is not embedded in this build");
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> log(static_cast<size_t>(std::max(len, 1)));
    glGetShaderInfoLog(s, len, nullptr, log.data());
    glDeleteShader(s);
    throw std::runtime_error("shader " + file + " does not compile: " + std::string(log.data()));
  }
  return s;
}
}  // namespace

GlProgram::~GlProgram() {
  if (id_) glDeleteProgram(id_);
}

void GlProgram::build(const std::string& vertexFile, const std::string& fragmentFile) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertexFile);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, fragmentFile);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  id_ = glCreateProgram();
  glAttachShader(id_, vs);
  glAttachShader(id_, fs);
  glLinkProgram(id_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(id_, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint len = 0;
    glGetProgramiv(id_, GL_INFO_LOG_LENGTH, &len);
    std::vector<char> log(static_cast<size_t>(std::max(len, 1)));
    glGetProgramInfoLog(id_, len, nullptr, log.data());
    throw std::runtime_error("shaders " + vertexFile + " + " + fragmentFile + " do not link: " + log.data());
  }
}

GLint GlProgram::uniform(const char* name) {
  auto it = uniforms_.find(name);
  if (it != uniforms_.end()) return it->second;
  GLint loc = glGetUniformLocation(id_, name);
  uniforms_.emplace(name, loc);
  return loc;
}

}  // namespace pk

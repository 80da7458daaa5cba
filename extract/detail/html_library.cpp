// libxml2, loaded when the first HTML page is read, not when the process starts: a lookup, a spec
// or a Markdown run never maps it and the ICU it pulls in, whose data would swell the binary if
// linked in and whose loading every start would pay if linked shared (bench/RESULTS.md). The
// libxml2 functions html.cpp calls are defined here with C linkage, as <libxml/HTMLparser.h>
// declares them, and forward to the real ones, resolved once from OM_XML2_SONAME (the soname
// CMake found). If the library cannot be loaded, the page is recorded with html_library_error().
#include "extract/detail/html_library.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "core/shared_library.h"

#ifndef OM_XML2_SONAME
#error "OM_XML2_SONAME (e.g. \"libxml2.so.2\") is set by extract/CMakeLists.txt"
#endif

namespace om::extract::detail {
namespace {

SharedLibrary& library() {
  static SharedLibrary xml2(OM_XML2_SONAME, "reading HTML pages (Debian package libxml2)");
  return xml2;
}

}  // namespace

std::string html_library_error() {
  return library().load_error();
}

}  // namespace om::extract::detail

using om::extract::detail::library;

extern "C" {

void xmlInitParser() {
  static const auto fn = library().function<void (*)()>("xmlInitParser");
  if (fn != nullptr) {
    fn();
  }
}

htmlParserCtxtPtr htmlCreateMemoryParserCtxt(const char* buffer, int size) {
  static const auto fn =
      library().function<htmlParserCtxtPtr (*)(const char*, int)>("htmlCreateMemoryParserCtxt");
  return fn != nullptr ? fn(buffer, size) : nullptr;
}

int htmlCtxtUseOptions(htmlParserCtxtPtr ctxt, int options) {
  static const auto fn = library().function<int (*)(htmlParserCtxtPtr, int)>("htmlCtxtUseOptions");
  return fn != nullptr ? fn(ctxt, options) : -1;
}

int xmlSwitchEncoding(xmlParserCtxtPtr ctxt, xmlCharEncoding enc) {
  static const auto fn =
      library().function<int (*)(xmlParserCtxtPtr, xmlCharEncoding)>("xmlSwitchEncoding");
  return fn != nullptr ? fn(ctxt, enc) : -1;
}

int htmlParseDocument(htmlParserCtxtPtr ctxt) {
  static const auto fn = library().function<int (*)(htmlParserCtxtPtr)>("htmlParseDocument");
  return fn != nullptr ? fn(ctxt) : -1;
}

void htmlFreeParserCtxt(htmlParserCtxtPtr ctxt) {
  static const auto fn = library().function<void (*)(htmlParserCtxtPtr)>("htmlFreeParserCtxt");
  if (fn != nullptr) {
    fn(ctxt);
  }
}

const htmlEntityDesc* htmlEntityLookup(const xmlChar* name) {
  static const auto fn =
      library().function<const htmlEntityDesc* (*)(const xmlChar*)>("htmlEntityLookup");
  return fn != nullptr ? fn(name) : nullptr;
}

}  // extern "C"

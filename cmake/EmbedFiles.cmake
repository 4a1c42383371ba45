# casebridge_embed_files(<output.cc>
#     HEADER <header declaring TYPE and FUNCTION> NAMESPACE <ns> FUNCTION <name> TYPE <type>
#     BASE_DIR <dir> FILES <absolute paths...>)
# Generates a C++ source defining `std::span<const TYPE> ns::FUNCTION()`, one {path, bytes} entry
# per file (path relative to BASE_DIR, sorted), so binaries carry their migrations and statutory
# data with no file I/O at run time. TYPE is an aggregate of two std::string_view.
function(casebridge_embed_files output_cc)
  cmake_parse_arguments(ARG "" "HEADER;NAMESPACE;FUNCTION;TYPE;BASE_DIR" "FILES" ${ARGN})
  set(relative)
  foreach(path ${ARG_FILES})
    file(RELATIVE_PATH rel ${ARG_BASE_DIR} ${path})
    list(APPEND relative ${rel})
  endforeach()
  # Commas, because a semicolon list does not survive a custom command's shell line everywhere.
  list(JOIN relative "," files_arg)
  add_custom_command(
    OUTPUT ${output_cc}
    COMMAND ${CMAKE_COMMAND}
      -DOUTPUT=${output_cc} -DHEADER=${ARG_HEADER} -DNAMESPACE=${ARG_NAMESPACE}
      -DFUNCTION=${ARG_FUNCTION} -DTYPE=${ARG_TYPE} -DBASE_DIR=${ARG_BASE_DIR} -DFILES=${files_arg}
      -P ${CASEBRIDGE_CMAKE_DIR}/EmbedFilesScript.cmake
    DEPENDS ${ARG_FILES} ${CASEBRIDGE_CMAKE_DIR}/EmbedFilesScript.cmake
    COMMENT "Embedding ${ARG_NAMESPACE}::${ARG_FUNCTION}"
    VERBATIM)
endfunction()

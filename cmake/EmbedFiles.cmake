# casebridge_embed_files(OUTPUT_CC NAMESPACE ns FUNCTION fn FILES a b ...)
# Generates a C++ source defining `const std::vector<ns::EmbeddedFile>& ns::fn()` that returns each
# file's base name and bytes, so binaries carry their migrations and data with no run-time file I/O.
function(casebridge_embed_files output_cc)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION;HEADER" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${output_cc}
    COMMAND ${CMAKE_COMMAND}
      -DOUTPUT=${output_cc} -DNAMESPACE=${ARG_NAMESPACE} -DFUNCTION=${ARG_FUNCTION}
      -DHEADER=${ARG_HEADER} "-DFILES=${ARG_FILES}"
      -P ${CASEBRIDGE_CMAKE_DIR}/EmbedFilesScript.cmake
    DEPENDS ${ARG_FILES} ${CASEBRIDGE_CMAKE_DIR}/EmbedFilesScript.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()

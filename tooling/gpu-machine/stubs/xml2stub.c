/* Stub for the GPU-machine bundle (tooling/gpu-machine): satisfies libLLVM-15.so.1's link to this library; LLVM calls it only
 * for features Mesa never uses (Z3 constraint solver / Windows manifest merging). Any call aborts. */
#include <stdio.h>
#include <stdlib.h>
void xmlAddChild(void) { fprintf(stderr, "stub libxml2.so.2: xmlAddChild called\n"); abort(); }
void xmlCopyNamespace(void) { fprintf(stderr, "stub libxml2.so.2: xmlCopyNamespace called\n"); abort(); }
void xmlDocDumpFormatMemoryEnc(void) { fprintf(stderr, "stub libxml2.so.2: xmlDocDumpFormatMemoryEnc called\n"); abort(); }
void xmlDocGetRootElement(void) { fprintf(stderr, "stub libxml2.so.2: xmlDocGetRootElement called\n"); abort(); }
void xmlDocSetRootElement(void) { fprintf(stderr, "stub libxml2.so.2: xmlDocSetRootElement called\n"); abort(); }
void *xmlFree = 0;
void xmlFreeDoc(void) { fprintf(stderr, "stub libxml2.so.2: xmlFreeDoc called\n"); abort(); }
void xmlFreeNode(void) { fprintf(stderr, "stub libxml2.so.2: xmlFreeNode called\n"); abort(); }
void xmlFreeNs(void) { fprintf(stderr, "stub libxml2.so.2: xmlFreeNs called\n"); abort(); }
void xmlKeepBlanksDefault(void) { fprintf(stderr, "stub libxml2.so.2: xmlKeepBlanksDefault called\n"); abort(); }
void xmlNewDoc(void) { fprintf(stderr, "stub libxml2.so.2: xmlNewDoc called\n"); abort(); }
void xmlNewNs(void) { fprintf(stderr, "stub libxml2.so.2: xmlNewNs called\n"); abort(); }
void xmlNewProp(void) { fprintf(stderr, "stub libxml2.so.2: xmlNewProp called\n"); abort(); }
void xmlReadMemory(void) { fprintf(stderr, "stub libxml2.so.2: xmlReadMemory called\n"); abort(); }
void xmlSetGenericErrorFunc(void) { fprintf(stderr, "stub libxml2.so.2: xmlSetGenericErrorFunc called\n"); abort(); }
void xmlStrdup(void) { fprintf(stderr, "stub libxml2.so.2: xmlStrdup called\n"); abort(); }
void xmlUnlinkNode(void) { fprintf(stderr, "stub libxml2.so.2: xmlUnlinkNode called\n"); abort(); }

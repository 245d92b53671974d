package mib

// ModuleInfoLen is the size of OwningModuleInfo: ULONGLONG[16]
// (TCPIP_OWNING_MODULE_SIZE in iprtrmib.h).
const ModuleInfoLen = 16 * 8

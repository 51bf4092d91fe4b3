/* The PostgreSQL module (incident-postgresql.so): libpq's functions in a table, found by the
 * program with dlsym (see libpq_module.h). */
#include "libpq_module.h"

static const struct incident_libpq table = {
    INCIDENT_LIBPQ_ABI,
    PQlibVersion,
    PQconnectdbParams,
    PQstatus,
    PQtransactionStatus,
    PQerrorMessage,
    PQfinish,
    PQuser,
    PQserverVersion,
    PQsslInUse,
    PQsetNoticeProcessor,
    PQconninfoParse,
    PQconninfoFree,
    PQfreemem,
    PQexec,
    PQexecParams,
    PQprepare,
    PQexecPrepared,
    PQsendQueryParams,
    PQsetSingleRowMode,
    PQgetResult,
    PQresultStatus,
    PQresultErrorMessage,
    PQresultErrorField,
    PQntuples,
    PQnfields,
    PQgetvalue,
    PQgetlength,
    PQgetisnull,
    PQclear,
};

__attribute__((visibility("default"))) const struct incident_libpq* incident_libpq_module(void) {
    return &table;
}

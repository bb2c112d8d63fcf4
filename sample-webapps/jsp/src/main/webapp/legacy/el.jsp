<%@ page contentType="text/plain; charset=UTF-8" %><%-- SOURCE-ONLY: legacy --%>
legacy: ${1 + 1}

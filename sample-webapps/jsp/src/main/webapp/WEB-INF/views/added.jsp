<%@ page contentType="text/plain; charset=UTF-8" %><%-- SOURCE-ONLY: added --%>
added: <%= getServletConfig().getServletName() %> at ${pageContext.request.servletPath}

<%@ page contentType="text/plain; charset=UTF-8" %><%-- SOURCE-ONLY: about --%>
about: ${pageContext.request.servletPath}, <%= getServletConfig().getInitParameter("motto") %>

<%@ tag body-content="empty" pageEncoding="UTF-8"
%><%@ attribute name="name" required="true"
%><%@ taglib prefix="c" uri="jakarta.tags.core"
%><%-- SOURCE-ONLY: tag --%><h1>Hello, <c:out value="${name}"/>!</h1>

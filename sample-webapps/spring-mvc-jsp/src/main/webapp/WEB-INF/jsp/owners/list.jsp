<%-- SOURCE-ONLY: the list of owners (JSTL core, fmt and functions; Spring's url tag). --%>
<%@ include file="/WEB-INF/jsp/fragments/header.jspf" %>
<h1><fmt:message key="owners.title"/></h1>
<c:if test="${not empty added}">
<p id="added"><fmt:message key="owners.added"><fmt:param><c:out value="${added}"/></fmt:param></fmt:message></p>
</c:if>
<c:choose>
<c:when test="${empty owners}">
<p id="empty"><fmt:message key="owners.empty"/></p>
</c:when>
<c:otherwise>
<table id="owners">
<c:forEach var="owner" items="${owners}" varStatus="row">
<tr class="${row.index % 2 == 0 ? 'even' : 'odd'}"><td>${owner.id}</td><td><c:out value="${owner.firstName} ${owner.lastName}"/></td><td><c:out value="${owner.email}"/></td><td><c:out value="${owner.telephone}"/></td></tr>
</c:forEach>
</table>
</c:otherwise>
</c:choose>
<p id="count">${fn:length(owners)} owner(s)</p>
<p><a href="<spring:url value="/owners/new"/>"><fmt:message key="owners.add"/></a></p>
</body>
</html>

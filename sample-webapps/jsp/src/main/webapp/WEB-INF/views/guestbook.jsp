<%@ page contentType="text/html; charset=UTF-8" %><%-- SOURCE-ONLY: guestbook --%>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<!DOCTYPE html>
<html><head><title>Guestbook</title></head>
<body>
<h1>Guestbook</h1>
<c:if test="${not empty error}"><p class="error"><c:out value="${error}"/></p></c:if>
<ul id="entries">
<c:forEach var="entry" items="${entries}">  <li><b><c:out value="${entry.name}"/></b>: <c:out value="${entry.message}"/></li>
</c:forEach></ul>
<p id="count">${fn:length(entries)} entries</p>
<form method="post" action="guestbook">
  <input name="name" value="<c:out value='${param.name}'/>">
  <textarea name="message"></textarea>
  <button>Sign</button>
</form>
</body></html>

<%@ page contentType="text/html; charset=UTF-8" %><%-- SOURCE-ONLY: index --%>
<!DOCTYPE html>
<html><head><title>JSP guestbook</title></head>
<body>
<t:greeting name="${empty param.name ? 'world' : param.name}"/>
<p id="loop"><c:forEach var="i" begin="1" end="3">item-${i} </c:forEach></p>
<p id="shout">${text:shout('quiet')}</p>
<p id="number"><fmt:formatNumber value="1234.5" minFractionDigits="2"/></p>
<p><a href="guestbook">Sign the guestbook</a></p>
<%@ include file="/fragments/footer.jspf" %>
</body></html>

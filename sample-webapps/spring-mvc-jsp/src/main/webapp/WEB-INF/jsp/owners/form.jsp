<%-- SOURCE-ONLY: the owner form (Spring's form tags; errors next to their fields). --%>
<%@ include file="/WEB-INF/jsp/fragments/header.jspf" %>
<h1><fmt:message key="owners.add"/></h1>
<spring:url value="/owners/new" var="action"/>
<form:form modelAttribute="owner" action="${action}" method="post" id="owner-form">
<p><label for="firstName"><spring:message code="owner.firstName"/></label> <form:input path="firstName"/> <form:errors path="firstName" cssClass="error" element="span"/></p>
<p><label for="lastName"><spring:message code="owner.lastName"/></label> <form:input path="lastName"/> <form:errors path="lastName" cssClass="error" element="span"/></p>
<p><label for="email"><spring:message code="owner.email"/></label> <form:input path="email"/> <form:errors path="email" cssClass="error" element="span"/></p>
<p><label for="telephone"><spring:message code="owner.telephone"/></label> <form:input path="telephone"/> <form:errors path="telephone" cssClass="error" element="span"/></p>
<p><button type="submit"><spring:message code="owner.save"/></button></p>
</form:form>
</body>
</html>

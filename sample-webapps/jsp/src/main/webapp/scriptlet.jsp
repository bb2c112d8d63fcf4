<%@ page contentType="text/plain; charset=UTF-8" import="java.util.List" %><%-- SOURCE-ONLY: scriptlet --%>
<% List<Integer> numbers = List.of(6, 7); String hidden = "SOURCE-ONLY: scriptlet variable"; %>
answer: <%= numbers.get(0) * numbers.get(1) %>

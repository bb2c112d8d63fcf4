package sessiontest;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;

/** A session attribute that hears it is bound, unbound, passivated and activated. */
public class Tracked implements Serializable, HttpSessionBindingListener, HttpSessionActivationListener {

    private static final long serialVersionUID = 1L;

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        Events.of(event.getSession().getServletContext()).add("bound");
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        Events.of(event.getSession().getServletContext()).add("unbound");
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent event) {
        Events.of(event.getSession().getServletContext()).add("activated");
    }

    @Override
    public void sessionWillPassivate(HttpSessionEvent event) {
        Events.of(event.getSession().getServletContext()).add("passivated");
    }
}

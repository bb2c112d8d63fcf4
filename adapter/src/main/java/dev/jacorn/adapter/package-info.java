/**
 * What is served: an application, from its source to a started Undertow servlet deployment. The
 * package is flat on purpose (the runner uses only {@link dev.jacorn.adapter.AppSource},
 * {@link dev.jacorn.adapter.Application}, {@link dev.jacorn.adapter.Deployment},
 * {@link dev.jacorn.adapter.DeployOptions}, {@link dev.jacorn.adapter.Realm} and the two
 * exceptions); this map names its four stages and the classes of each, in the order an
 * application goes through them.
 *
 * <h2>1. Source: what the APP argument names</h2>
 * <ul>
 *   <li>{@link dev.jacorn.adapter.AppSource}: a WAR file, an exploded WAR directory, or a servlet
 *       class on a classpath, with its context path ({@link dev.jacorn.adapter.ContextPaths}
 *       spells it); {@link dev.jacorn.adapter.AppLoadException} when it names nothing servable.
 * </ul>
 *
 * <h2>2. Prepare: read once per generation ({@link dev.jacorn.adapter.Application#prepare})</h2>
 * <ul>
 *   <li>{@link dev.jacorn.adapter.WarFiles}: unpacks a WAR into the work directory (reused when
 *       unchanged).
 *   <li>{@link dev.jacorn.adapter.ClassIndex} and {@link dev.jacorn.adapter.IndexCache}: the
 *       Jandex index of WEB-INF/classes and WEB-INF/lib, kept on disk per jar.
 *   <li>{@link dev.jacorn.adapter.WebDescriptor} and {@link dev.jacorn.adapter.FragmentOrder}:
 *       web.xml and the web fragments, in the order the specification gives them.
 *   <li>{@link dev.jacorn.adapter.Realm} and {@link dev.jacorn.adapter.PasswordHash}: the users
 *       of {@code --users}.
 * </ul>
 *
 * <h2>3. Assemble: one Undertow DeploymentInfo per worker ({@link dev.jacorn.adapter.Application#deploy})</h2>
 * <ul>
 *   <li>{@code DeploymentAssembler}: the assembler; it creates the class loader, fills the
 *       DeploymentInfo from the parts below, deploys and starts it, and undoes a failed start.
 *   <li>{@link dev.jacorn.adapter.WebAppClassLoader}: child-first, one per deployment.
 *   <li>{@link dev.jacorn.adapter.DescriptorComponents} and
 *       {@link dev.jacorn.adapter.DeclaredSecurity}: what web.xml and the fragments declare.
 *   <li>{@link dev.jacorn.adapter.AnnotatedComponents} and
 *       {@link dev.jacorn.adapter.AnnotatedSecurity}: what the annotations declare.
 *   <li>{@link dev.jacorn.adapter.Initializers}: the application's
 *       {@code ServletContainerInitializer}s with their {@code @HandlesTypes} classes.
 *   <li>{@link dev.jacorn.adapter.WebResources}: static files from the web root and from
 *       {@code META-INF/resources} of the jars; {@link dev.jacorn.adapter.ProtectedPaths} keeps
 *       {@code WEB-INF/} and {@code META-INF/} from clients.
 *   <li>{@link dev.jacorn.adapter.RealmIdentityManager}: the realm as Undertow's identity manager;
 *       {@link dev.jacorn.adapter.ClientCertLogin}: CLIENT-CERT login with it.
 *   <li>{@link dev.jacorn.adapter.StartupFailures}: a servlet or filter whose start throws fails
 *       the deployment ({@link dev.jacorn.adapter.AppBootException}).
 * </ul>
 *
 * <h2>4. Run: a started instance</h2>
 * <ul>
 *   <li>{@link dev.jacorn.adapter.Deployment}: the handler that serves it, a weak reference to its
 *       class loader (for the leak check), and {@code undeploy()}.
 *   <li>{@link dev.jacorn.adapter.DeployOptions}: the instance's name, its request threads and
 *       its scratch directory, given by the worker that runs it.
 * </ul>
 *
 * <p>The adapter knows nothing of the command line, signals or workers: the runner depends on it,
 * never the reverse.
 */
package dev.jacorn.adapter;

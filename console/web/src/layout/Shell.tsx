/** The frame of every signed-in page: navigation, the workspace in the header, sign out. */
import { NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/SessionContext';

export function Shell() {
  const { session, signOut } = useSession();
  const location = useLocation();
  if (!session) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Contacts console</span>
        <nav>
          <NavLink to="/contacts">Contacts</NavLink>
          <NavLink to="/segments">Segments</NavLink>
          <NavLink to="/custom-fields">Custom fields</NavLink>
          <NavLink to="/imports">Imports</NavLink>
          <NavLink to="/dnc">DNC</NavLink>
          <NavLink to="/campaigns">Campaigns</NavLink>
        </nav>
        <span className="workspace" data-testid="workspace">Workspace <strong>{session.workspaceId}</strong></span>
        <button type="button" className="link" onClick={signOut}>Sign out</button>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}

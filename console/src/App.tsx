import { useState, type FormEvent } from 'react';
import { DialogHost } from './actions/DialogHost';
import { api } from './api/client';
import { useLink } from './live/useLink';
import { ClusterPage } from './pages/ClusterPage';
import { FleetPage } from './pages/FleetPage';
import { useRoute } from './route';

export function App() {
  const route = useRoute();
  const { link, needsToken } = useLink();
  const [tokenOpen, setTokenOpen] = useState(false);
  // Bumped when a token is given: the page is built anew and reads everything again with it.
  const [epoch, setEpoch] = useState(0);
  return (
    <>
      <header className="top">
        <a className="brand" href="#/">
          kafkaplane
        </a>
        <a href="#/">Fleet</a>
        <span className="spacer" />
        <span className={`link link-${link}`} title="the live connection (graphql-ws) that keeps the page current">
          {link === 'live' ? 'live' : link === 'connecting' ? 'connecting…' : 'offline, reconnecting'}
        </span>
        <button type="button" className="small secondary" onClick={() => setTokenOpen(!tokenOpen)}>
          {api.hasToken ? 'Token ✓' : 'Token'}
        </button>
        <a href="/graphql">GraphiQL</a>
      </header>
      {needsToken || tokenOpen ? (
        <TokenForm
          onSaved={() => {
            setTokenOpen(false);
            setEpoch(epoch + 1);
          }}
          required={needsToken}
        />
      ) : null}
      <DialogHost key={epoch}>
        <main>
          {route.page === 'fleet' ? (
            <FleetPage />
          ) : (
            <ClusterPage key={`${route.namespace}/${route.name}`} namespace={route.namespace} name={route.name} tab={route.tab} />
          )}
        </main>
      </DialogHost>
    </>
  );
}

/** The bearer token sent with every request and in graphql-ws's connection_init, as any client does. */
function TokenForm({ onSaved, required }: { onSaved: () => void; required: boolean }) {
  const [token, setToken] = useState('');
  const save = (event: FormEvent) => {
    event.preventDefault();
    api.setToken(token);
    onSaved();
  };
  return (
    <form className="token" onSubmit={save}>
      {required ? <span className="warn-text">The server asks for a token.</span> : null}
      <input type="password" name="token" placeholder="bearer token" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
      <button type="submit">Use this token</button>
      <span className="muted">kept for this browser tab only</span>
    </form>
  );
}

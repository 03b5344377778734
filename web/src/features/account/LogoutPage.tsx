import { Button, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { logout } from '../../auth/session';
import { Loading } from '../../components/states';
import { AuthLayout } from '../../layout/AuthLayout';

export function LogoutPage() {
  const client = useQueryClient();
  const [done, setDone] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void logout().then(() => {
      client.clear();
      if (!cancelled) setDone(true);
    });
    return () => {
      cancelled = true;
    };
  }, [client]);
  return (
    <AuthLayout title={done ? 'Signed out' : 'Signing out…'}>
      {done ? (
        <>
          <Text size="sm">You are signed out of CommandCenter on this browser.</Text>
          <Button component={Link} to="/login">
            Sign in again
          </Button>
        </>
      ) : (
        <Loading label="Signing out…" />
      )}
    </AuthLayout>
  );
}
